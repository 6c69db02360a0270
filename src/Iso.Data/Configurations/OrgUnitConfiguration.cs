using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> builder)
    {
        builder.ToTable("Units");
        builder.HasKey(u => u.Id).HasName("PK_Units");
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Code).HasMaxLength(50);
        builder.Property(u => u.Name).HasMaxLength(300);

        builder.HasIndex(u => new { u.AgencyId, u.Code }).IsUnique().HasDatabaseName("IX_Units_AgencyId_Code");

        builder.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.SuccessorId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Units_Units_SuccessorId");
        builder.HasOne(u => u.Agency).WithMany(a => a.Units).HasForeignKey(u => u.AgencyId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Units_Agencies_AgencyId");
    }
}
