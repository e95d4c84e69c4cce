using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;

namespace SmtpPortal.Components.Pages.Account;

/// <summary>
/// A password field that never writes its value into the page. <c>InputText type="password"</c>
/// renders the bound value, so a statically rendered form that answers a failed sign-in (or the
/// body of the redirect after a successful one) carried the admin's password back over the wire.
/// </summary>
public sealed class PasswordInput : InputBase<string>
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "input");
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttribute(2, "type", "password");
        if (!string.IsNullOrEmpty(NameAttributeValue))
            builder.AddAttribute(3, "name", NameAttributeValue);
        if (!string.IsNullOrEmpty(CssClass))
            builder.AddAttribute(4, "class", CssClass);
        // No value attribute: what the browser holds stays in the browser.
        builder.AddAttribute(5, "onchange", EventCallback.Factory.CreateBinder<string?>(this, typed => CurrentValueAsString = typed, null));
        builder.CloseElement();
    }

    protected override bool TryParseValueFromString(
        string? value, [MaybeNullWhen(false)] out string result, [NotNullWhen(false)] out string? validationErrorMessage)
    {
        result = value ?? "";
        validationErrorMessage = null;
        return true;
    }
}
