// "Skip to content" moves the keyboard focus to the page's main region, not only the view:
// Blazor's own handling of #fragments scrolls but leaves the focus on the link.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.skip-link");
  if (!link) return;
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView();
}, true);
