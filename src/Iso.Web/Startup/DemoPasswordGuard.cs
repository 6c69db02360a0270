using Iso.Data;
using Iso.Data.Identity;
using Iso.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Startup;

/// <summary>Outside Development, refuses to start while an enabled demo account still has the published demo password
/// (it is printed in the README: anyone could sign in as administrator).</summary>
internal static class DemoPasswordGuard
{
    public static async Task EnsureNoDemoPasswordAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IsoDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<IsoUser>>();
        var names = DemoAccounts.All.Select(a => a.UserName.ToUpperInvariant()).ToList();
        var candidates = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.PasswordHash != null && names.Contains(u.NormalizedUserName!))
            .ToListAsync(cancellationToken);
        var exposed = candidates
            .Where(u => hasher.VerifyHashedPassword(u, u.PasswordHash!, DemoAccounts.Password) != PasswordVerificationResult.Failed)
            .Select(u => u.UserName!)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (exposed.Count > 0)
        {
            throw new StartupRefusedException(
                $"ISO điện tử không khởi động: tài khoản demo {string.Join(", ", exposed)} vẫn dùng mật khẩu demo công khai. " +
                $"Đổi mật khẩu ('dotnet Iso.Web.dll admin password --user {exposed[0]}') hoặc vô hiệu hoá các tài khoản này trước khi chạy ở môi trường Production. " +
                $"Refusing to start: the demo account(s) {string.Join(", ", exposed)} still have the published demo password; " +
                "set a new password with the 'admin password --user NAME' verb or deactivate them " +
                "(a demonstration server may set Iso:AllowDemoPasswords=true).");
        }
    }
}

/// <summary>The app must not start as configured; the message says why and what to do.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
