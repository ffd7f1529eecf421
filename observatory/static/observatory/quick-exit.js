/* Quick exit (DESIGN §9): the red link, or Esc anywhere on the page, leaves at once.
   The link goes to /exit/, which ends the mailbox session and deletes this site's cookies on the server,
   then sends the browser to a neutral site. Here we also blank the page (so that nothing of it can be
   brought back from the back/forward cache), clear what this origin stored, and use location.replace so
   that this page's entry in the history is replaced by the exit: Back does not return to it. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-quick-exit]");
  if (!link) return;
  var leaving = false;

  function leave(event) {
    if (event) event.preventDefault();
    if (leaving) return;
    leaving = true;
    try { window.sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { window.localStorage.clear(); } catch (e) { /* storage disabled */ }
    var target = link.href;
    document.title = "";
    document.body.replaceChildren();
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") leave(event);
  });
  // A page shown again from the back/forward cache: leave again instead of showing it.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && leaving) window.location.replace(link.href);
  });
})();
