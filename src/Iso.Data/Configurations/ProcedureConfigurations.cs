using Iso.Data.Organisation;
using Iso.Data.Procedures;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class ProcedureEventConfiguration : IEntityTypeConfiguration<ProcedureEvent>
{
    public void Configure(EntityTypeBuilder<ProcedureEvent> builder)
    {
        builder.ToTable("ProcedureEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Key).HasMaxLength(100);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Comment).HasMaxLength(2000);
        builder.Property(e => e.DecisionNumber).HasMaxLength(100);
        builder.HasOne<Agency>().WithMany().HasForeignKey(e => e.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.AgencyId, e.Key }).HasDatabaseName("IX_ProcedureEvents_Agency_Key");
        builder.HasIndex(e => e.DefinitionId).HasDatabaseName("IX_ProcedureEvents_Definition");
    }
}

internal sealed class AdministrativeProcedureConfiguration : IEntityTypeConfiguration<AdministrativeProcedure>
{
    public void Configure(EntityTypeBuilder<AdministrativeProcedure> builder)
    {
        builder.ToTable("AdministrativeProcedures");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Code).HasMaxLength(50);
        builder.Property(p => p.Name).HasMaxLength(1000);
        builder.Property(p => p.Field).HasMaxLength(200);
        builder.Property(p => p.Level).HasMaxLength(100);
        builder.Property(p => p.StatutoryWorkingDays).HasPrecision(9, 2);
        builder.Property(p => p.Fee).HasMaxLength(1000);
        builder.Property(p => p.LegalBasis).HasMaxLength(4000);
        builder.Property(p => p.AnnouncingDecision).HasMaxLength(400);
        builder.Property(p => p.ProcedureKey).HasMaxLength(100);
        builder.HasOne<Agency>().WithMany().HasForeignKey(p => p.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.AgencyId, p.Code }).IsUnique().HasDatabaseName("IX_AdministrativeProcedures_Agency_Code");
        builder.HasIndex(p => new { p.AgencyId, p.ProcedureKey }).HasDatabaseName("IX_AdministrativeProcedures_Agency_Procedure");
    }
}

internal sealed class ProcedureLayoutConfiguration : IEntityTypeConfiguration<ProcedureLayout>
{
    public void Configure(EntityTypeBuilder<ProcedureLayout> builder)
    {
        builder.ToTable("ProcedureLayouts");
        builder.HasKey(l => l.DefinitionId);
        builder.HasOne<StoredDefinition>().WithOne().HasForeignKey<ProcedureLayout>(l => l.DefinitionId).OnDelete(DeleteBehavior.Cascade);
    }
}
