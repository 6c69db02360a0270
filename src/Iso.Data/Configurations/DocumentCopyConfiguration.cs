using Iso.Data.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class DocumentCopyConfiguration : IEntityTypeConfiguration<DocumentCopy>
{
    public void Configure(EntityTypeBuilder<DocumentCopy> builder)
    {
        builder.ToTable("DocumentCopies");
        builder.HasKey(c => c.Id).HasName("PK_DocumentCopies");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.HolderName).HasMaxLength(300);
        builder.Property(c => c.RecallReason).HasMaxLength(1000);
        builder.HasIndex(c => new { c.DocumentId, c.Number }).IsUnique().HasDatabaseName("IX_DocumentCopies_DocumentId_Number");
        builder.HasIndex(c => c.VersionId).HasDatabaseName("IX_DocumentCopies_VersionId");
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentCopies_Documents_DocumentId");
        builder.HasOne<DocumentVersion>().WithMany().HasForeignKey(c => c.VersionId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentCopies_DocumentVersions_VersionId");
    }
}
