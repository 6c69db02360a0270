using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Iso.Web.Startup;

/// <summary><c>Iso:DataProtection</c>: the certificate (PKCS#12 file with its private key) that encrypts the
/// data-protection keys stored in the database, so that a copy of the database alone cannot forge cookies or tokens.</summary>
public sealed class DataProtectionOptions
{
    public const string SectionName = "Iso:DataProtection";

    /// <summary>Path of a .pfx/.p12 file; when empty the keys are stored unencrypted (fine for a demo, not for production).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Older certificates (same form, ";"-separated paths, password of the current one or none) that can still
    /// decrypt keys written before a certificate change.</summary>
    public string? PreviousCertificatePaths { get; set; }
}

internal static class DataProtectionKeyEncryption
{
    /// <summary>Encrypts new keys with the configured certificate; keys written before stay readable.</summary>
    public static IServiceCollection AddIsoDataProtectionKeyEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DataProtectionOptions.SectionName).Get<DataProtectionOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return services;
        }

        var current = Load(options.CertificatePath, options.CertificatePassword);
        var previous = (options.PreviousCertificatePaths ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(path => Load(path, options.CertificatePassword));
        services.AddDataProtection()
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{DataProtectionOptions.SectionName}: the certificate file '{path}' does not exist (set CertificatePath to a .pfx file with its private key).");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{DataProtectionOptions.SectionName}: the certificate '{path}' has no private key; the keys could be encrypted but never read again.");
        }

        return certificate;
    }
}
