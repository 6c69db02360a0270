using Iso.Data.Documents;
using Iso.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

/// <summary>Acknowledgement rounds are inserted by the <c>document.publish</c> trigger (see the providers'
/// <c>CreateDocumentFollowUpTriggers</c>), keyed by version and person so that the database needs no id generator.</summary>
internal sealed class DocumentAcknowledgementConfiguration : IEntityTypeConfiguration<DocumentAcknowledgement>
{
    public void Configure(EntityTypeBuilder<DocumentAcknowledgement> builder)
    {
        builder.ToTable("DocumentAcknowledgements");
        builder.HasKey(a => new { a.VersionId, a.UserId }).HasName("PK_DocumentAcknowledgements");
        builder.Property(a => a.PrintedName).HasMaxLength(200);
        builder.HasIndex(a => new { a.UserId, a.AcknowledgedAt }).HasDatabaseName("IX_DocumentAcknowledgements_UserId_AcknowledgedAt");
        builder.HasIndex(a => a.DocumentId).HasDatabaseName("IX_DocumentAcknowledgements_DocumentId");
        builder.HasOne<DocumentVersion>().WithMany().HasForeignKey(a => a.VersionId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentAcknowledgements_DocumentVersions_VersionId");
        builder.HasOne<IsoUser>().WithMany().HasForeignKey(a => a.UserId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentAcknowledgements_AspNetUsers_UserId");
    }
}

internal sealed class DocumentTaskConfiguration : IEntityTypeConfiguration<DocumentTask>
{
    public void Configure(EntityTypeBuilder<DocumentTask> builder)
    {
        builder.ToTable("DocumentTasks");
        builder.HasKey(t => t.Id).HasName("PK_DocumentTasks");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Comment).HasMaxLength(2000);
        builder.Property(t => t.ClosedByName).HasMaxLength(200);
        builder.HasIndex(t => new { t.AgencyId, t.Status, t.DueOn }).HasDatabaseName("IX_DocumentTasks_AgencyId_Status_DueOn");
        builder.HasIndex(t => new { t.DocumentId, t.Status }).HasDatabaseName("IX_DocumentTasks_DocumentId_Status");

        // One periodic review per document and due date, one legal-change task per document and change: the background
        // check and a second node running it at the same time cannot open the same task twice.
        builder.HasIndex(t => new { t.DocumentId, t.Kind, t.DueOn }).IsUnique().HasFilter("\"Kind\" = 'PeriodicReview'")
            .HasDatabaseName("IX_DocumentTasks_Review_Unique");
        builder.HasIndex(t => new { t.DocumentId, t.LegalChangeId }).IsUnique().HasFilter("\"LegalChangeId\" IS NOT NULL")
            .HasDatabaseName("IX_DocumentTasks_LegalChange_Unique");
        builder.HasOne<Document>().WithMany().HasForeignKey(t => t.DocumentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentTasks_Documents_DocumentId");
        builder.HasOne<DocumentLegalChange>().WithMany().HasForeignKey(t => t.LegalChangeId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentTasks_DocumentLegalChanges_LegalChangeId");
    }
}

internal sealed class DocumentReviewReminderConfiguration : IEntityTypeConfiguration<DocumentReviewReminder>
{
    public void Configure(EntityTypeBuilder<DocumentReviewReminder> builder)
    {
        builder.ToTable("DocumentReviewReminders");
        builder.HasKey(r => r.Id).HasName("PK_DocumentReviewReminders");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.DocumentId, r.DueOn }).IsUnique().HasDatabaseName("IX_DocumentReviewReminders_DocumentId_DueOn");
        builder.HasIndex(r => r.UserId).HasDatabaseName("IX_DocumentReviewReminders_UserId");
        builder.HasOne<Document>().WithMany().HasForeignKey(r => r.DocumentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentReviewReminders_Documents_DocumentId");
    }
}

internal sealed class DocumentLegalChangeConfiguration : IEntityTypeConfiguration<DocumentLegalChange>
{
    public void Configure(EntityTypeBuilder<DocumentLegalChange> builder)
    {
        builder.ToTable("DocumentLegalChanges");
        builder.HasKey(c => c.Id).HasName("PK_DocumentLegalChanges");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Note).HasMaxLength(2000);
        builder.Property(c => c.RecordedByName).HasMaxLength(200);
        builder.HasIndex(c => c.DocumentId).HasDatabaseName("IX_DocumentLegalChanges_DocumentId");
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_DocumentLegalChanges_Documents_DocumentId");
    }
}
