using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.ToTable("Agencies");
        builder.HasKey(a => a.Id).HasName("PK_Agencies");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Code).HasMaxLength(50);
        builder.Property(a => a.Name).HasMaxLength(300);
        builder.Property(a => a.ShortName).HasMaxLength(100);
        builder.Property(a => a.ElectronicCode).HasMaxLength(30);
        builder.Property(a => a.KindCode).HasMaxLength(50);

        builder.HasIndex(a => a.Code).IsUnique().HasDatabaseName("IX_Agencies_Code");
        builder.HasIndex(a => a.ElectronicCode).IsUnique().HasDatabaseName("IX_Agencies_ElectronicCode");
        builder.HasIndex(a => a.ParentId).HasDatabaseName("IX_Agencies_ParentId");
        builder.HasIndex(a => a.KindCode).HasDatabaseName("IX_Agencies_KindCode");
        builder.HasIndex(a => a.SuccessorId).HasDatabaseName("IX_Agencies_SuccessorId");

        // Agencies are ended, never deleted, so nothing cascades.
        builder.HasOne(a => a.Kind).WithMany().HasForeignKey(a => a.KindCode)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Agencies_AgencyKinds_KindCode");
        builder.HasOne(a => a.Parent).WithMany(a => a.Children).HasForeignKey(a => a.ParentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Agencies_Agencies_ParentId");
        builder.HasOne<Agency>().WithMany().HasForeignKey(a => a.SuccessorId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Agencies_Agencies_SuccessorId");
    }
}
