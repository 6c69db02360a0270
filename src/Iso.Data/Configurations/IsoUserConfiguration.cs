using Iso.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

/// <summary>Adds the organisation columns to Identity's AspNetUsers table (whose own names stay the defaults).</summary>
internal sealed class IsoUserConfiguration : IEntityTypeConfiguration<IsoUser>
{
    public void Configure(EntityTypeBuilder<IsoUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.Property(u => u.Position).HasMaxLength(200);

        builder.HasIndex(u => u.AgencyId).HasDatabaseName("IX_AspNetUsers_AgencyId");
        builder.HasIndex(u => u.UnitId).HasDatabaseName("IX_AspNetUsers_UnitId");

        builder.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_AspNetUsers_Agencies_AgencyId");
        builder.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_AspNetUsers_Units_UnitId");
    }
}
