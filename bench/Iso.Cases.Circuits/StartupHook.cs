using System.Globalization;

/// <summary>Loaded into the app under test with DOTNET_STARTUP_HOOKS=…/Iso.Cases.Circuits.dll and ISO_GC_PROBE=DIR: when
/// DIR/request appears, runs full blocking compacting collections and writes the GC heap and working set to DIR/response.
/// Nothing of the product changes; only the bench's own process start sets the hook.</summary>
#pragma warning disable CA1050 // A startup hook must be a type named StartupHook in no namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        var directory = Environment.GetEnvironmentVariable("ISO_GC_PROBE");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        var thread = new Thread(() => Probe(directory)) { IsBackground = true, Name = "iso-gc-probe" };
        thread.Start();
    }

    private static void Probe(string directory)
    {
        var request = Path.Combine(directory, "request");
        var response = Path.Combine(directory, "response");
        while (true)
        {
            Thread.Sleep(100);
            if (!File.Exists(request))
            {
                continue;
            }

            File.Delete(request);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{heap} {process.WorkingSet64} {info.HeapSizeBytes} {info.FragmentedBytes} {GC.GetTotalAllocatedBytes()}");
            File.WriteAllText(response + ".tmp", text);
            File.Move(response + ".tmp", response, overwrite: true);
        }
    }
}
