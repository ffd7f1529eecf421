/* The report's answer steps run in the page: progressive enhancement of the server's step form.
   Without this script the same form walks the steps on the server, one page per step. With it, the
   first page also holds every later answer step (the inert <template id="intake-later-steps">), shows
   one at a time, and the last "Continue" posts every answer at once: the server validates them all and
   answers with the review page, or with the first step that needs fixing. So the reporter waits for the
   network twice (the review, then sending), not six times. The answers stay in the page: nothing is
   written to browser storage, the address or the history. ES5, no inline script (CSP). */
(function () {
  'use strict';
  var template = document.getElementById('intake-later-steps');
  if (!template || !('content' in template)) return;
  var form = document.querySelector('form.intake-step');
  var stepInput = form && form.querySelector('input[name=step]');
  var heading = document.querySelector('main h1');
  var caption = document.querySelector('.step-caption');
  var actions = form && form.querySelector('.actions');
  var next = actions && actions.querySelector('button.primary');
  if (!stepInput || !heading || !actions || !next) return;
  var pageTitle = template.getAttribute('data-page-title');

  // The first step's own fields become the first panel; the template's steps follow it.
  var first = document.createElement('section');
  first.className = 'intake-panel';
  first.setAttribute('data-step', stepInput.value);
  first.setAttribute('data-heading', heading.textContent);
  first.setAttribute('data-caption', caption ? caption.textContent.split(' · ').pop() : '');
  var children = Array.prototype.slice.call(form.children);
  for (var i = 0; i < children.length; i++) {
    var child = children[i];
    if (child === actions || child.className === 'language-switch') continue;
    if (child.tagName === 'INPUT' && child.type === 'hidden') continue;
    first.appendChild(child);
  }
  form.insertBefore(first, actions);
  form.insertBefore(document.importNode(template.content, true), actions);
  var panels = form.querySelectorAll('.intake-panel');

  // What the first step shows above its form (the page's introduction) belongs to it alone.
  var intro = [];
  for (var node = heading.nextElementSibling; node && node !== form; node = node.nextElementSibling) intro.push(node);

  var back = document.createElement('button');
  back.type = 'button';
  back.className = 'secondary';
  var backLabel = document.createElement('span');
  backLabel.className = 'arrow-back';
  backLabel.textContent = template.getAttribute('data-back');
  back.appendChild(backLabel);
  next.parentNode.insertBefore(back, next.nextSibling);
  heading.setAttribute('tabindex', '-1');

  var current = 0, summary = null;

  function show(index) {
    current = index;
    for (var p = 0; p < panels.length; p++) panels[p].hidden = p !== index;
    for (var n = 0; n < intro.length; n++) intro[n].hidden = index !== 0;
    var panel = panels[index];
    heading.textContent = panel.getAttribute('data-heading');
    if (caption) caption.textContent = pageTitle + ' · ' + panel.getAttribute('data-caption');
    document.title = heading.textContent + ' · ' + pageTitle;
    // The step the server shows if the reporter switches language now, and the last one posted.
    stepInput.value = panel.getAttribute('data-step');
    back.hidden = index === 0;
  }

  function questionOf(control) {
    var fieldset = control.type === 'radio' || control.type === 'checkbox' ? control.closest('fieldset') : null;
    var legend = fieldset && fieldset.querySelector('legend');
    if (legend) return legend.textContent;
    var label = form.querySelector('label[for="' + control.id + '"]');
    return label ? label.textContent : control.name;
  }

  // Questions of the shown step that are required and unanswered. The server checks everything else
  // (lengths, dates, the map point) when the answers are posted, and shows its own messages then.
  function unanswered(panel) {
    var missing = [], seen = {};
    var controls = panel.querySelectorAll('[required]');
    for (var c = 0; c < controls.length; c++) {
      var control = controls[c];
      if (seen[control.name]) continue;
      seen[control.name] = true;
      var answered = control.type === 'radio'
        ? panel.querySelector('input[name="' + control.name + '"]:checked') !== null
        : control.value.replace(/\s+/g, '') !== '';
      if (!answered) missing.push(control);
    }
    return missing;
  }

  function clearProblems() {
    if (summary) summary.parentNode.removeChild(summary);
    summary = null;
    var marked = form.querySelectorAll('.field-has-error[data-in-page]');
    for (var m = 0; m < marked.length; m++) {
      marked[m].classList.remove('field-has-error');
      marked[m].removeAttribute('data-in-page');
    }
  }

  // Said as the server says it (reports_intake/includes/error_summary.html): a list of links to the
  // questions, announced and focused.
  function reportProblems(missing) {
    summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.setAttribute('tabindex', '-1');
    var title = document.createElement('h2');
    title.textContent = template.getAttribute('data-problem');
    summary.appendChild(title);
    var list = document.createElement('ul');
    for (var k = 0; k < missing.length; k++) {
      var item = document.createElement('li'), link = document.createElement('a');
      link.href = '#' + missing[k].id;
      link.textContent = questionOf(missing[k]) + ' ' + template.getAttribute('data-missing');
      item.appendChild(link);
      list.appendChild(item);
      var field = missing[k].closest('.field');
      if (field && !field.classList.contains('field-has-error')) {
        field.classList.add('field-has-error');
        field.setAttribute('data-in-page', '');
      }
    }
    summary.appendChild(list);
    heading.parentNode.insertBefore(summary, caption || heading);
    summary.focus();
  }

  next.addEventListener('click', function (event) {
    clearProblems();
    var missing = unanswered(panels[current]);
    if (missing.length) {
      event.preventDefault();
      reportProblems(missing);
      return;
    }
    if (current === panels.length - 1) return; // the form posts every answer: the review comes back
    event.preventDefault();
    show(current + 1);
    heading.focus();
  });

  back.addEventListener('click', function () {
    clearProblems();
    show(current - 1);
    heading.focus();
  });

  // Switching language posts the form to the same step in another language. The steps not reached yet
  // are left out, as on the server's path: their defaults (the reply language above all) must come from
  // the new language, not from this page. A page brought back from the back/forward cache gets them again.
  function leaveOutLaterSteps(out) {
    for (var p = current + 1; p < panels.length; p++) {
      var controls = panels[p].querySelectorAll('input, select, textarea');
      for (var q = 0; q < controls.length; q++) controls[q].disabled = out;
    }
  }
  var switches = form.querySelectorAll('.language-switch button');
  for (var s = 0; s < switches.length; s++) {
    switches[s].addEventListener('click', function () { leaveOutLaterSteps(true); });
  }
  window.addEventListener('pageshow', function () { leaveOutLaterSteps(false); });

  show(0);
})();
