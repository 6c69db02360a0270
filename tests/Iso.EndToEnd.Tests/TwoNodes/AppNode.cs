using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Iso.EndToEnd.Tests.TwoNodes;

/// <summary>One real app process (<c>dotnet Iso.Web.dll</c> from the build output) on 127.0.0.1 and a free port.
/// Its console output is kept so that a failing test can show what the node said.</summary>
internal sealed class AppNode : IDisposable
{
    private const int MaxOutputLines = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppNode(string name, Process process, Uri? baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>The node's address; null for a command (a verb such as <c>seed</c>) that serves nothing.</summary>
    public Uri? BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts <c>dotnet Iso.Web.dll [arguments]</c>; with <paramref name="serve"/> it listens on a free port.</summary>
    public static AppNode Start(string name, IReadOnlyDictionary<string, string> environment, bool serve, params string[] arguments)
    {
        var appDirectory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, "Iso.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Uri? baseAddress = null;
        if (serve)
        {
            baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new AppNode(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: 'dotnet Iso.Web.dll' did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until <c>/health</c> answers 200 (the database was migrated and seeded before the server listens).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer; the overall limit still holds.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not answer /health with 200 within {limit.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Waits for a command to end and returns its exit code; kills it when it outlives <paramref name="limit"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose();
            throw new TimeoutException($"{Name} did not finish within {limit.TotalSeconds:0} s:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process this node started (and only it, with its children), and waits for it to end.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > MaxOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>The dotnet host that runs this test, so the nodes run on the same runtime.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        // …/shared/Microsoft.NETCore.App/<version>/ → the dotnet root three levels up.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
