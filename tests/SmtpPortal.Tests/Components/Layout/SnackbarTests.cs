using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Layout;

public sealed class SnackbarTests : BunitContext
{
    public SnackbarTests() => this.AddSmtpPortalTestServices();

    [Fact]
    public void ASecondIdenticalConfirmationShowsWhileTheFirstIsStillOnScreen()
    {
        var provider = Render<MudSnackbarProvider>();
        var snackbar = Services.GetRequiredService<ISnackbar>();

        snackbar.Add("Settings saved.", Severity.Success);
        snackbar.Add("Settings saved.", Severity.Success);

        provider.WaitForAssertion(() => Assert.Equal(2, provider.FindAll(".mud-snackbar").Count));
    }
}
