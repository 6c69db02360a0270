using Iso.Web;
using Iso.Web.Cli;
using Iso.Web.Startup;

// One executable: a verb (migrate, seed, …) runs a command and exits; no verb runs the web app.
return await IsoCommandLine.RunAsync(args, RunWebAppAsync, Console.Out, Console.Error);

static async Task<int> RunWebAppAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        EnvironmentName = LaunchEnvironment.Resolve(args, Environment.GetEnvironmentVariable),
    });
    builder.AddIsoWeb();
    var app = builder.Build();
    app.UseIsoWeb();
    try
    {
        await app.RunAsync();
    }
    catch (Iso.Web.Startup.StartupRefusedException refused)
    {
        await Console.Error.WriteLineAsync(refused.Message);
        return 1;
    }

    return 0;
}
