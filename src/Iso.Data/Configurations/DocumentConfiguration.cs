using Iso.Data.Documents;
using Iso.Data.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.HasKey(d => d.Id).HasName("PK_Documents");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Code).HasMaxLength(50);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(d => d.Title).HasMaxLength(300);
        builder.Property(d => d.ObsoleteReason).HasMaxLength(2000);
        builder.Property(d => d.ProcedureKey).HasMaxLength(100);

        builder.HasIndex(d => new { d.AgencyId, d.Code }).IsUnique().HasDatabaseName("IX_Documents_AgencyId_Code");
        builder.HasIndex(d => new { d.AgencyId, d.Kind }).HasDatabaseName("IX_Documents_AgencyId_Kind");
        builder.HasOne<Agency>().WithMany().HasForeignKey(d => d.AgencyId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_Documents_Agencies_AgencyId");
        builder.HasMany(d => d.Versions).WithOne(v => v.Document).HasForeignKey(v => v.DocumentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentVersions_Documents_DocumentId");
    }
}
