// Light or dark: the page follows the system (prefers-color-scheme, in wwwroot/theme.css) until
// the admin picks one with the switch; the pick is remembered for a year in this browser, so
// pages render with it from the first byte (App.razor reads the cookie).
window.smtpPortalTheme = {
  remember: function (dark) {
    var root = document.documentElement.classList;
    root.toggle("portal-dark", dark);
    root.toggle("portal-light", !dark);
    document.cookie = "SmtpPortal.Theme=" + (dark ? "dark" : "light") +
      "; path=/; max-age=31536000; samesite=strict" +
      (location.protocol === "https:" ? "; secure" : "");
  },
  // What the page shows now: the admin's pick, else the system's.
  isDark: function () {
    var root = document.documentElement.classList;
    if (root.contains("portal-dark")) return true;
    if (root.contains("portal-light")) return false;
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
};
