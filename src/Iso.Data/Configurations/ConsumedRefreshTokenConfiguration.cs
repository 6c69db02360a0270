using Iso.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class ConsumedRefreshTokenConfiguration : IEntityTypeConfiguration<ConsumedRefreshToken>
{
    public void Configure(EntityTypeBuilder<ConsumedRefreshToken> builder)
    {
        builder.ToTable("ConsumedRefreshTokens");
        // The primary key makes "use once" atomic across nodes: the second insert of an id fails.
        builder.HasKey(t => t.Id).HasName("PK_ConsumedRefreshTokens");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.ExpiresAt).HasDatabaseName("IX_ConsumedRefreshTokens_ExpiresAt");
    }
}
