// Tells the portal the browser's time zone (an IANA name such as Asia/Shanghai) in a cookie on
// every page, sign-in included, so the next page already renders times in the admin's zone.
window.smtpPortalTimeZone = {
  name: function () {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch (e) {
      return null;
    }
  }
};
(function () {
  var zone = window.smtpPortalTimeZone.name();
  if (zone) {
    document.cookie = "SmtpPortal.TimeZone=" + encodeURIComponent(zone) +
      "; path=/; max-age=31536000; samesite=strict" + (location.protocol === "https:" ? "; secure" : "");
  }
})();
