using Vigil.Server;

await VigilServer.Build(args).RunAsync();

/// <summary>The service's entry point (<c>vigil serve</c> starts the same application).</summary>
public partial class Program;
