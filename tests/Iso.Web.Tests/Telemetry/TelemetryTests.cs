using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Iso.Data.Seeding;
using Iso.Web.Tests.TestSupport;
using Iso.Workflows.Telemetry;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Iso.Web.Tests.Telemetry;

public sealed class TelemetryTests(IsoWebFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void WithoutAnOtlpEndpoint_NoTracerOrMeterProviderIsRegistered()
    {
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_RequestsDatabaseCallsAndEngineCommands_AreTracedAndMeasured_AndSentByOtlp()
    {
        using var receiver = new FakeOtlpReceiver();
        await using var app = new TelemetryWebFactory(receiver.Address);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await LoginAsync(client);

        using var started = await client.PostAsJsonAsync("/api/v1/cases", new { definitionKey = "tthc-mot-cap", reference = "HS-OTEL" }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var caseId = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseId").GetGuid();

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        var activities = app.Activities.ToList();
        var command = Assert.Single(activities, a => a.OperationName == WorkflowTelemetry.CommandActivity && a.GetTagItem("iso.case_id") as string == caseId.ToString("D"));
        Assert.Equal("StartCase", command.GetTagItem("iso.command"));
        var request = Assert.Single(activities, a => a.SpanId == command.ParentSpanId);
        Assert.True(request.Source.Name == "Microsoft.AspNetCore" && request.Kind == ActivityKind.Server,
            $"{request.Source.Name} {request.Kind}: {string.Join(", ", request.TagObjects.Select(t => $"{t.Key}={t.Value}"))}");
        Assert.Equal("POST", request.GetTagItem("http.request.method"));
        Assert.Equal(201, request.GetTagItem("http.response.status_code"));
        var commit = Assert.Single(activities, a => a.OperationName == "iso.data.commit" && a.ParentSpanId == command.SpanId);
        Assert.Equal("sqlite", commit.GetTagItem("db.system.name"));

        var metrics = app.Metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains(WorkflowTelemetry.CommandsCounter, metrics);
        Assert.Contains(WorkflowTelemetry.CommitDurationHistogram, metrics);
        Assert.Contains("http.server.request.duration", metrics);

        Assert.Contains("/v1/traces", receiver.Paths);
        Assert.Contains("/v1/metrics", receiver.Paths);
    }

    private static async Task LoginAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = DemoAccounts.ReceptionStaff.UserName, password = Demo.Password }, Ct);
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokenResponse>(Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
    }

    /// <summary>The app with an OTLP endpoint configured (over HTTP, to <paramref name="otlpEndpoint"/>), and in-memory
    /// exporters added beside the OTLP ones so the test can read what was produced.</summary>
    private sealed class TelemetryWebFactory(Uri otlpEndpoint) : WebApplicationFactory<Program>
    {
        private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "iso-web-otel-" + Guid.NewGuid().ToString("N"));

        public ConcurrentQueue<Activity> Activities { get; } = new();

        public List<Metric> Metrics { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Iso:DataDirectory", _dataDirectory);
            builder.UseSetting("Iso:SeedDemoData", "true");
            builder.UseSetting("Iso:AllowDemoPasswords", "true");
            builder.UseSetting("Iso:Telemetry:OtlpEndpoint", otlpEndpoint.ToString());
            builder.UseSetting("Iso:Telemetry:OtlpProtocol", "http/protobuf");
            builder.ConfigureTestServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new ActivitySink(Activities)));
                services.ConfigureOpenTelemetryMeterProvider(metering => metering.AddInMemoryExporter(Metrics));
            });
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>A collection the exporter may add to from its own thread.</summary>
    private sealed class ActivitySink(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>An OTLP/HTTP collector on 127.0.0.1 that accepts every export and remembers the paths posted to.</summary>
    private sealed class FakeOtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeOtlpReceiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public Uri Address { get; }

        public ConcurrentBag<string> Paths { get; } = [];

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                if (context.Request.HttpMethod == "POST" && context.Request.ContentType == "application/x-protobuf")
                {
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    if (body.Length > 0)
                    {
                        Paths.Add(context.Request.Url!.AbsolutePath);
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is IOException or HttpListenerException or ObjectDisposedException or OperationCanceledException))
            {
                // An export still being read when the listener stops ends the loop with a socket error (seen once in CI):
                // the test's assertions were made before, on what had arrived.
            }
        }
    }
}
