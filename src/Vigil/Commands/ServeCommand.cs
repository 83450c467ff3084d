using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Vigil.Cli;
using Vigil.Server;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil serve</c> (also what <c>vigil</c> alone does): the live service on its embedded defaults — the
/// simulator, the in-process bus, SQLite and the dashboard at http://127.0.0.1:8080.
/// </summary>
internal static class ServeCommand
{
    public static Command Build()
    {
        var command = new Command(
            "serve",
            $"Start the live service: REST, WebSocket and SSE push, health, metrics and the dashboard at {VigilServer.DefaultUrl}. "
            + "Takes ASP.NET Core arguments such as --urls and configuration such as --Vigil:Simulator:Speed=Fast.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            await RunAsync([.. result.UnmatchedTokens], cancellationToken);
            return VigilCli.Ok;
        });
        return command;
    }

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = VigilServer.Build(args);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
