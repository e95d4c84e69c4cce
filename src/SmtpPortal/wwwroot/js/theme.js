// Remembers the admin's light/dark choice for a year in this browser.
window.smtpPortalTheme = {
  remember: function (dark) {
    document.cookie = "SmtpPortal.Theme=" + (dark ? "dark" : "light") +
      "; path=/; max-age=31536000; samesite=strict";
  }
};
