using Iso.Data.Cases;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Workflows.Configurations;

// The engine's records are mapped as they are: Iso.Workflows stays free of EF, and no copy between
// entity and record happens on the hot path. JSON and hash columns are plain text so the journal's
// hashes see exactly the bytes the engine wrote.

internal sealed class StoredDefinitionConfiguration : IEntityTypeConfiguration<StoredDefinition>
{
    public void Configure(EntityTypeBuilder<StoredDefinition> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(100);
        builder.Property(d => d.Name).HasMaxLength(400);
        builder.Property(d => d.SourceKey).HasMaxLength(100);
        builder.Property(d => d.Status).HasConversion<int>();
        builder.Property(d => d.Revision).IsConcurrencyToken();
        builder.HasIndex(d => new { d.OwnerAgencyId, d.Key, d.Version })
            .IsUnique()
            .HasDatabaseName("IX_WorkflowDefinitions_Owner_Key_Version");
        // NULLs are distinct in unique indexes on both providers: templates (no owner) need their own.
        builder.HasIndex(d => new { d.Key, d.Version })
            .IsUnique()
            .HasFilter("\"OwnerAgencyId\" IS NULL")
            .HasDatabaseName("IX_WorkflowDefinitions_Template_Key_Version");
    }
}

internal sealed class WorkflowCaseConfiguration : IEntityTypeConfiguration<WorkflowCaseRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowCaseRecord> builder)
    {
        builder.ToTable("WorkflowCases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.DefinitionKey).HasMaxLength(100);
        builder.Property(c => c.Reference).HasMaxLength(100);
        builder.Property(c => c.Code).HasMaxLength(50);
        builder.Property(c => c.Result).HasMaxLength(100);
        builder.Property(c => c.JournalHeadHash).HasMaxLength(64);
        builder.Property(c => c.JournalCheckpoint).HasMaxLength(100);
        builder.Property(c => c.FaultReason).HasMaxLength(2000);
        builder.Property(c => c.Status).HasConversion<int>();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.AgencyId, c.Status }).HasDatabaseName("IX_WorkflowCases_Agency_Status");
        builder.HasIndex(c => c.DefinitionId).HasDatabaseName("IX_WorkflowCases_Definition");
        builder.HasIndex(c => c.Reference).HasDatabaseName("IX_WorkflowCases_Reference");
        builder.HasIndex(c => c.Code).IsUnique().HasDatabaseName("IX_WorkflowCases_Code");
        builder.HasIndex(c => c.FaultedAt).HasDatabaseName("IX_WorkflowCases_Faulted");
        // Statistics (ADR 0024): an agency's cases received in a period, covering every column the figures read, so the
        // aggregate is one range scan of the index and never touches the table.
        builder.HasIndex(c => new { c.AgencyId, c.ReceivedAt, c.DefinitionKey, c.Status, c.DueAt, c.CompletedAt })
            .HasDatabaseName("IX_WorkflowCases_Statistics");
        // The live part of the statistics (ADR 0030): the open cases of an agency received in a period (few: ~4 %).
        builder.HasIndex(c => new { c.AgencyId, c.ReceivedAt, c.DefinitionKey, c.DueAt })
            .HasFilter("\"Status\" = 0")
            .HasDatabaseName("IX_WorkflowCases_Running");
    }
}

/// <summary>Pre-aggregated case figures per agency, local receipt day and procedure (ADR 0030), kept by triggers
/// (<see cref="CaseStatisticsSql"/>).</summary>
internal sealed class CaseStatisticsDayConfiguration : IEntityTypeConfiguration<CaseStatisticsDay>
{
    public void Configure(EntityTypeBuilder<CaseStatisticsDay> builder)
    {
        builder.ToTable("CaseStatisticsDaily");
        builder.HasKey(d => new { d.AgencyId, d.Day, d.DefinitionKey });
        builder.Property(d => d.DefinitionKey).HasMaxLength(100);
    }
}

/// <summary>Pre-aggregated step figures per agency, local creation day, procedure and step (ADR 0030).</summary>
internal sealed class StepStatisticsDayConfiguration : IEntityTypeConfiguration<StepStatisticsDay>
{
    public void Configure(EntityTypeBuilder<StepStatisticsDay> builder)
    {
        builder.ToTable("StepStatisticsDaily");
        builder.HasKey(d => new { d.AgencyId, d.Day, d.DefinitionKey, d.NodeId });
        builder.Property(d => d.DefinitionKey).HasMaxLength(100);
        builder.Property(d => d.NodeId).HasMaxLength(100);
    }
}

internal sealed class WorkflowTaskConfiguration : IEntityTypeConfiguration<WorkflowTaskRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowTaskRecord> builder)
    {
        builder.ToTable("WorkflowTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.DefinitionKey).HasMaxLength(100);
        builder.Property(t => t.NodeId).HasMaxLength(100);
        builder.Property(t => t.Title).HasMaxLength(400);
        builder.Property(t => t.CandidateRole).HasMaxLength(50);
        builder.Property(t => t.CandidateUnitCode).HasMaxLength(50);
        builder.Property(t => t.Outcome).HasMaxLength(100);
        builder.Property(t => t.Scope).HasMaxLength(400);
        builder.Property(t => t.Status).HasConversion<int>();
        builder.Property(t => t.AllottedHours).HasPrecision(18, 4);
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => t.CaseId).HasDatabaseName("IX_WorkflowTasks_Case");
        // Covering for the inbox (ADR 0029): who may see a task, its order and its case, so the count and a page's keys
        // are read from the index alone, whatever the number of closed tasks beside the open ones.
        builder.HasIndex(t => new
        {
            t.AgencyId, t.Status, t.DueAt, t.CreatedAt, t.Id, t.AssigneeId, t.CandidateRole, t.CandidateUnitCode, t.DefinitionKey, t.CaseId,
        }).HasDatabaseName("IX_WorkflowTasks_Inbox");
        // Covering for "my tasks" (the API's clients poll it; issue 12's load): a person's open tasks with their order, so
        // the planner takes it over IX_WorkflowTasks_Inbox (three equalities against two) and reads a handful of entries
        // instead of every open task of the agency.
        builder.HasIndex(t => new { t.AssigneeId, t.Status, t.AgencyId, t.DueAt, t.CreatedAt, t.Id }).HasDatabaseName("IX_WorkflowTasks_Assignee");
        // No index for the step statistics: they are read from the day aggregates (ADR 0030); the covering index of ADR 0024
        // was a sixth entry written on every task insert and completion that no query read (dropped, ADR 0032).
        // Completed tasks whose working minutes are still to be computed (completed before the column existed, ADR 0030):
        // empty once the initializer has filled them in, so finding none costs nothing.
        builder.HasIndex(t => t.Id)
            .HasFilter("\"Status\" = 1 AND \"WorkingMinutes\" IS NULL")
            .HasDatabaseName("IX_WorkflowTasks_WorkingMinutesMissing");
    }
}

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimerRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowTimerRecord> builder)
    {
        builder.ToTable("WorkflowTimers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.NodeId).HasMaxLength(100);
        builder.Property(t => t.Scope).HasMaxLength(400);
        builder.Property(t => t.LeaseOwner).HasMaxLength(200);
        builder.Property(t => t.LastError).HasMaxLength(2000);
        builder.Property(t => t.Kind).HasConversion<int>();
        builder.Property(t => t.Status).HasConversion<int>();
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
        // The engine reads a case's pending timers on every command: with the status in the index SQLite seeks them by
        // case instead of walking every pending timer of the database through IX_WorkflowTimers_Status_Due.
        builder.HasIndex(t => new { t.CaseId, t.Status }).HasDatabaseName("IX_WorkflowTimers_Case");
        builder.HasIndex(t => new { t.Status, t.DueAt }).HasDatabaseName("IX_WorkflowTimers_Status_Due");
    }
}

internal sealed class WorkflowJournalConfiguration : IEntityTypeConfiguration<WorkflowJournalEntry>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalEntry> builder)
    {
        builder.ToTable("WorkflowJournal");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(50);
        builder.Property(e => e.NodeId).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasMaxLength(100);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique().HasDatabaseName("IX_WorkflowJournal_Case_Sequence");
    }
}

internal sealed class WorkflowNotificationConfiguration : IEntityTypeConfiguration<WorkflowNotificationRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowNotificationRecord> builder)
    {
        builder.ToTable("WorkflowNotifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.RecipientRole).HasMaxLength(50);
        builder.Property(n => n.RecipientUnitCode).HasMaxLength(50);
        builder.Property(n => n.Message).HasMaxLength(2000);
        builder.Property(n => n.Kind).HasMaxLength(30);
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(n => n.CaseId).HasDatabaseName("IX_WorkflowNotifications_Case");
        builder.HasIndex(n => new { n.AgencyId, n.ReadAt }).HasDatabaseName("IX_WorkflowNotifications_Agency_Read");
        builder.HasIndex(n => new { n.RecipientUserId, n.CreatedAt }).HasDatabaseName("IX_WorkflowNotifications_User_Created");
        builder.HasIndex(n => new { n.AgencyId, n.CreatedAt }).HasDatabaseName("IX_WorkflowNotifications_Agency_Created");
    }
}

internal sealed class WorkflowApologyConfiguration : IEntityTypeConfiguration<WorkflowApologyRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowApologyRecord> builder)
    {
        builder.ToTable("WorkflowApologies");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Reason).HasMaxLength(2000);
        builder.Property(a => a.FormVersion).HasMaxLength(20);
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.CaseId).HasDatabaseName("IX_WorkflowApologies_Case");
        builder.HasIndex(a => a.AgencyId).HasDatabaseName("IX_WorkflowApologies_Agency");
    }
}

internal sealed class WorkflowEffectConfiguration : IEntityTypeConfiguration<WorkflowEffectRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowEffectRecord> builder)
    {
        builder.ToTable("WorkflowEffects");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(100);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Value).HasMaxLength(400);
        builder.HasOne<WorkflowCaseRecord>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.CaseId).HasDatabaseName("IX_WorkflowEffects_Case");
    }
}
