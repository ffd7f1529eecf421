"""The media storage: Django's file system storage, with each saved file's times (and its folder's) set to
the start of the hour, like every timestamp written with a report (issue 13). The inode change time
(ctime) cannot be set by a program; a copy of the files (backup, `cp -r`, S3) does not keep it."""

import os

from django.core.files.storage import FileSystemStorage


class HourStampedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        name = super()._save(name, content)
        path = self.path(name)
        for target in (path, os.path.dirname(path)):
            hour = int(os.stat(target).st_mtime // 3600 * 3600)
            os.utime(target, (hour, hour))
        return name
