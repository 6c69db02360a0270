using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class AgencyNameConfiguration : IEntityTypeConfiguration<AgencyName>
{
    public void Configure(EntityTypeBuilder<AgencyName> builder)
    {
        builder.ToTable("AgencyNames");
        builder.HasKey(n => n.Id).HasName("PK_AgencyNames");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Name).HasMaxLength(300);
        builder.Property(n => n.ShortName).HasMaxLength(100);
        builder.HasIndex(n => new { n.AgencyId, n.ValidFrom }).IsUnique().HasDatabaseName("IX_AgencyNames_AgencyId_ValidFrom");
        builder.HasOne<Agency>().WithMany().HasForeignKey(n => n.AgencyId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_AgencyNames_Agencies_AgencyId");
    }
}
