// Copies text (e.g. the SMTP transcript) for pasting into a support ticket.
window.smtpPortalClipboard = {
  copy: function (text) {
    return navigator.clipboard.writeText(text);
  }
};
