using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Iso.Web.Startup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Web.Tests.Startup;

public sealed class DataProtectionKeyEncryptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("iso-dp-tests-").FullName;

    [Fact]
    public void Keys_WithACertificateConfigured_AreEncryptedAtRest_AndStillUnprotect()
    {
        var certificate = WriteCertificate("current.pfx", "s3cret");
        using var services = Build(new() { ["Iso:DataProtection:CertificatePath"] = certificate, ["Iso:DataProtection:CertificatePassword"] = "s3cret" });
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        var token = protector.Protect("Nguyễn Thị Bích");

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(_folder, "keys"), "key-*.xml")));
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        Assert.Equal("Nguyễn Thị Bích", protector.Unprotect(token));
    }

    [Fact]
    public void Keys_WithoutACertificate_AreWrittenAsBefore()
    {
        using var services = Build([]);

        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(_folder, "keys"), "key-*.xml")));
        Assert.Contains("<masterKey", key, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCertificateFile_FailsAtStart_NamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["Iso:DataProtection:CertificatePath"] = Path.Combine(_folder, "nope.pfx") }).Dispose());

        Assert.Contains("Iso:DataProtection", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_folder, "keys")));
        services.AddIsoDataProtectionKeyEncryption(configuration);
        return services.BuildServiceProvider();
    }

    private string WriteCertificate(string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ISO dien tu data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
