// Switches the palette at once (wwwroot/theme.css keeps the dark one under html.portal-dark) and
// remembers the admin's light/dark choice for a year in this browser, so pages render with it.
window.smtpPortalTheme = {
  remember: function (dark) {
    document.documentElement.classList.toggle("portal-dark", dark);
    document.cookie = "SmtpPortal.Theme=" + (dark ? "dark" : "light") +
      "; path=/; max-age=31536000; samesite=strict" +
      (location.protocol === "https:" ? "; secure" : "");
  }
};
