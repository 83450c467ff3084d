namespace Vigil.Server.Tests.Push;

/// <summary>
/// Tests that load the machine (hundreds of sockets, an unpaced engine flooding a socket) run alone, so they neither
/// disturb the timing other tests assert nor are disturbed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PushLoadCollection
{
    public const string Name = "Push load";
}
