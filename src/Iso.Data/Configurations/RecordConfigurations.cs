using Iso.Data.Organisation;
using Iso.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class RecordTypeConfiguration : IEntityTypeConfiguration<RecordType>
{
    public void Configure(EntityTypeBuilder<RecordType> builder)
    {
        builder.ToTable("RecordTypes");
        builder.HasKey(t => t.Id).HasName("PK_RecordTypes");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(300);
        builder.Property(t => t.ProcedureKey).HasMaxLength(100);
        builder.Property(t => t.Location).HasMaxLength(300);
        builder.Property(t => t.Responsible).HasMaxLength(300);
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.HasIndex(t => new { t.AgencyId, t.Name }).IsUnique().HasDatabaseName("IX_RecordTypes_AgencyId_Name");
        builder.HasOne<Agency>().WithMany().HasForeignKey(t => t.AgencyId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_RecordTypes_Agencies_AgencyId");
    }
}

/// <summary>Rows are written by the database from <c>record.archive</c> effects (see the providers'
/// <c>CreateRecordArchiveTrigger</c>); (RecordTypeId, CaseId) is unique, so a record is archived once.</summary>
internal sealed class RecordArchiveConfiguration : IEntityTypeConfiguration<RecordArchive>
{
    public void Configure(EntityTypeBuilder<RecordArchive> builder)
    {
        builder.ToTable("RecordArchives");
        builder.HasKey(a => a.Id).HasName("PK_RecordArchives");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Destination).HasMaxLength(400);
        builder.HasIndex(a => new { a.RecordTypeId, a.CaseId }).IsUnique().HasDatabaseName("IX_RecordArchives_RecordTypeId_CaseId");
        builder.HasIndex(a => a.DecisionCaseId).HasDatabaseName("IX_RecordArchives_DecisionCaseId");
        builder.HasOne<RecordType>().WithMany().HasForeignKey(a => a.RecordTypeId)
            .OnDelete(DeleteBehavior.Restrict).HasConstraintName("FK_RecordArchives_RecordTypes_RecordTypeId");
    }
}
