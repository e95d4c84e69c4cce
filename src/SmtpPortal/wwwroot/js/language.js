// Remembers the admin's UI language for a year in this browser, in ASP.NET Core's culture cookie.
window.smtpPortalLanguage = {
  remember: function (culture) {
    document.cookie = ".AspNetCore.Culture=" + encodeURIComponent("c=" + culture + "|uic=" + culture) +
      "; path=/; max-age=31536000; samesite=strict";
  }
};
