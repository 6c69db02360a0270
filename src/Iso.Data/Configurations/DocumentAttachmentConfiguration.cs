using Iso.Data.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class DocumentAttachmentConfiguration : IEntityTypeConfiguration<DocumentAttachment>
{
    public void Configure(EntityTypeBuilder<DocumentAttachment> builder)
    {
        builder.ToTable("DocumentAttachments");
        builder.HasKey(a => a.Id).HasName("PK_DocumentAttachments");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasIndex(a => a.VersionId).HasDatabaseName("IX_DocumentAttachments_VersionId");
        builder.HasIndex(a => a.Sha256).HasDatabaseName("IX_DocumentAttachments_Sha256");
        builder.HasOne<DocumentFile>().WithMany().HasForeignKey(a => a.Sha256).HasPrincipalKey(f => f.Sha256)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentAttachments_DocumentFiles_Sha256");
    }
}
