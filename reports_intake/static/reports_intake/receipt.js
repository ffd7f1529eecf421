/* Print and copy buttons for the receipt page. ES5, no inline script (CSP). The page works without it. */
(function () {
  'use strict';
  var tools = document.querySelector('.receipt-tools');
  var receipt = document.getElementById('receipt');
  if (!tools || !receipt) return;
  var printButton = document.getElementById('print-receipt');
  var copyButton = document.getElementById('copy-receipt');
  var status = tools.querySelector('.copy-status');
  if (window.print) printButton.addEventListener('click', function () { window.print(); });
  else printButton.parentNode.removeChild(printButton);
  copyButton.addEventListener('click', function () {
    var text = receipt.textContent.replace(/\s+/g, '');
    function done() { status.textContent = copyButton.getAttribute('data-copied'); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {});
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(receipt);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { if (document.execCommand('copy')) done(); } catch (e) { /* selected: the reporter can copy */ }
  });
  tools.hidden = false;
})();
