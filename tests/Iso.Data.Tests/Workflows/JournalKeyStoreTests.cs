using Iso.Data.Workflows;
using Iso.Workflows.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Iso.Data.Tests.Workflows;

public sealed class JournalKeyStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iso-journal-key-" + Guid.NewGuid().ToString("N"));

    private IsoOptions Iso(string provider = "Sqlite") => new() { DataDirectory = Path.Combine(_folder, "data"), Database = new DatabaseOptions { Provider = provider } };

    [Fact]
    public void FirstStart_CreatesTheKeyFileInTheDataDirectory_ReadableByItsOwnerOnly_AndLaterStartsReuseIt()
    {
        var first = JournalKeyStore.Load(new JournalKeyOptions(), Iso(), NullLogger.Instance);

        var file = JournalKeyOptions.DefaultKeyFile(Path.Combine(_folder, "data"));
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(first.KeyId, JournalKeyStore.Load(new JournalKeyOptions(), Iso(), NullLogger.Instance).KeyId);
    }

    [Fact]
    public async Task NodesStartingAtOnce_OnASharedKeyFile_AllGetTheSameKey()
    {
        var shared = new JournalKeyOptions { KeyFile = Path.Combine(_folder, "shared", "journal.key") };

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => JournalKeyStore.Load(shared, Iso(), NullLogger.Instance), TestContext.Current.CancellationToken)));

        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "shared")));
    }

    [Fact]
    public void AConfiguredKey_WinsOverTheFile_AndNoFileIsCreated()
    {
        var secret = new byte[32];
        secret[5] = 7;

        var key = JournalKeyStore.Load(new JournalKeyOptions { Key = Convert.ToBase64String(secret) }, Iso(), NullLogger.Instance);

        Assert.Equal(new HmacJournalCheckpointKey(secret).KeyId, key.KeyId);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")));
    }

    [Fact]
    public void AKeyFileThatIsNotAKey_StopsTheStart_NamingTheFile()
    {
        var file = Path.Combine(_folder, "broken.key");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(file, "not a key");

        var ex = Assert.Throws<InvalidOperationException>(() => JournalKeyStore.Load(new JournalKeyOptions { KeyFile = file }, Iso(), NullLogger.Instance));

        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite", null, null, true)]
    [InlineData("PostgreSql", null, null, false)]
    [InlineData("PostgreSql", null, "/run/secrets/journal.key", true)]
    [InlineData("PostgreSql", "c2hvcnQ=", null, false)]
    [InlineData("PostgreSql", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", null, true)]
    public void Validation_OnPostgreSql_RequiresAConfiguredKey_AndAGivenKeyMustBeLongEnough(string provider, string? key, string? keyFile, bool valid)
    {
        var validator = new JournalKeyOptionsValidator(Options.Create(Iso(provider)));

        var result = validator.Validate(null, new JournalKeyOptions { Key = key, KeyFile = keyFile });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Iso:Journal:Key", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
