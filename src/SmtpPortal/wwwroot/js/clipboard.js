// Copies text (an export, a new API token, the SMTP transcript). navigator.clipboard exists only
// in secure contexts (HTTPS, localhost); many admins open the portal as http://<server-ip>:port,
// so there the text is copied the older way: selected in a hidden text area and copied.
window.smtpPortalClipboard = {
  copy: async function (text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return;
      } catch (e) {
        // Refused (no focus, a permission policy): the selection below may still work.
      }
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    const selection = document.getSelection();
    const previous = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    area.focus();
    area.select();
    area.setSelectionRange(0, text.length);
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
      if (previous) {
        selection.removeAllRanges();
        selection.addRange(previous);
      }
    }
    if (!copied)
      throw new Error("The browser refused to copy.");
  }
};
