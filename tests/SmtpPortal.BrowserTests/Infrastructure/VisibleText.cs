namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>One piece of text a person sees: a text node, a shown select value or the page title.</summary>
/// <param name="Where">The nearest element with an id (or the element's tag), to find it again.</param>
/// <param name="InProviderNotes">Inside a provider's notes, which are catalog data in both languages.</param>
public sealed record VisibleLine(string Text, string Where, bool InProviderNotes);

/// <summary>Reads what the page shows, as a person sees it: visible text nodes, the values that
/// selects display and the tab's title. Left out: code (host names, commands, exports, the SMTP
/// transcript, what a server said), anything marked translate="no" (names, keys, recovery codes)
/// and text tagged with another language than the page's (the language switch's "简体中文").</summary>
public static class VisibleText
{
    private const string Collect = """
        () => {
          const pageLang = (document.documentElement.lang || '').toLowerCase().split('-')[0];
          const verbatim = 'code, pre, kbd, samp, script, style, noscript, template, svg, [translate=no], [aria-hidden=true]';
          const otherLanguage = el => {
            const tagged = el.closest('[lang]');
            return tagged && tagged !== document.documentElement && tagged.lang.toLowerCase().split('-')[0] !== pageLang;
          };
          const where = el => {
            const named = el.closest('[id]');
            return named ? '#' + named.id : el.tagName.toLowerCase();
          };
          const lines = [{ text: document.title, where: 'title', notes: false }];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.nodeValue.replace(/\s+/g, ' ').trim();
            const el = node.parentElement;
            if (!text || !el || el.closest(verbatim) || otherLanguage(el)) continue;
            if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !el.closest('.skip-link')) continue;
            lines.push({ text, where: where(el), notes: !!el.closest('.preset-notes') });
          }
          for (const input of document.querySelectorAll('.mud-select input[readonly], input[type=submit], input[type=button]')) {
            if (input.value && input.checkVisibility() && !input.closest(verbatim))
              lines.push({ text: input.value, where: where(input), notes: false });
          }
          return lines;
        }
        """;

    public static async Task<IReadOnlyList<VisibleLine>> ReadAsync(IPage page)
    {
        var lines = await page.EvaluateAsync<RawLine[]>(Collect);
        return [.. lines.Select(l => new VisibleLine(l.Text, l.Where, l.Notes))];
    }

    /// <summary>What the script returns; Playwright fills it through a parameterless constructor.</summary>
    private sealed class RawLine
    {
        public string Text { get; set; } = "";
        public string Where { get; set; } = "";
        public bool Notes { get; set; }
    }
}
