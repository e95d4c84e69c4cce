// Saves the SMTP settings over and over through the portal's own store, each save encoding its
// number in every field, and prints "saved N" after each commit. The durability test kills this
// process at random moments and checks the database holds exactly one complete save.
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.SaveStream;

var services = new ServiceCollection();
services.AddLogging();
services.AddSmtpPortalStorage(new DataDirectory(args[0]));
services.AddSmtpSending();
await using var provider = services.BuildServiceProvider();
// The test migrates the database once beforehand: every start here goes straight to saving.
var store = provider.GetRequiredService<SmtpSettingsStore>();

var stored = await store.GetAsync();
var revision = stored?.Revision;
var number = stored is null ? 0 : SaveNumber.Of(stored);
Console.WriteLine("ready");
while (true)
{
    number++;
    var result = await store.SaveAsync(SaveNumber.Input(number), revision);
    if (!result.Succeeded)
        throw new InvalidOperationException($"save {number} failed");
    revision = result.Settings!.Revision;
    Console.WriteLine($"saved {number}");
}
