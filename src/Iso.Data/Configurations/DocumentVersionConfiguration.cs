using Iso.Data.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

/// <summary>Issued versions are immutable: see the triggers in <c>SqliteProvider</c> / <c>PostgreSqlProvider</c>
/// (<c>CreateDocumentTriggers</c>), which list the lifecycle columns an issued row may still change.</summary>
internal sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersion>
{
    public void Configure(EntityTypeBuilder<DocumentVersion> builder)
    {
        builder.ToTable("DocumentVersions");
        builder.HasKey(v => v.Id).HasName("PK_DocumentVersions");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Title).HasMaxLength(300);
        builder.Property(v => v.ChangeSummary).HasMaxLength(4000);
        builder.Property(v => v.ChangedSections).HasMaxLength(300);
        builder.Property(v => v.ExternalNumber).HasMaxLength(100);
        builder.Property(v => v.ExternalIssuer).HasMaxLength(300);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.PreparedByName).HasMaxLength(200);
        builder.Property(v => v.ReviewedByName).HasMaxLength(200);
        builder.Property(v => v.ApprovedByName).HasMaxLength(200);
        builder.Property(v => v.Revision).IsConcurrencyToken();

        builder.HasIndex(v => new { v.DocumentId, v.Sequence }).IsUnique().HasDatabaseName("IX_DocumentVersions_DocumentId_Sequence");
        builder.HasIndex(v => v.ReviewCaseId).IsUnique().HasDatabaseName("IX_DocumentVersions_ReviewCaseId");
        builder.HasIndex(v => v.ProcedureDefinitionId).HasDatabaseName("IX_DocumentVersions_ProcedureDefinitionId");
        builder.HasIndex(v => new { v.AgencyId, v.Status }).HasDatabaseName("IX_DocumentVersions_AgencyId_Status");
        builder.HasMany(v => v.Attachments).WithOne().HasForeignKey(a => a.VersionId)
            .OnDelete(DeleteBehavior.Cascade).HasConstraintName("FK_DocumentAttachments_DocumentVersions_VersionId");
    }
}
