using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class AgencyKindConfiguration : IEntityTypeConfiguration<AgencyKind>
{
    public void Configure(EntityTypeBuilder<AgencyKind> builder)
    {
        builder.ToTable("AgencyKinds");
        builder.HasKey(k => k.Code).HasName("PK_AgencyKinds");
        builder.Property(k => k.Code).HasMaxLength(50);
        builder.Property(k => k.NameVi).HasMaxLength(200);
        builder.Property(k => k.NameEn).HasMaxLength(200);
    }
}
