using Iso.Data.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class CaseCodeSequenceConfiguration : IEntityTypeConfiguration<CaseCodeSequence>
{
    public void Configure(EntityTypeBuilder<CaseCodeSequence> builder)
    {
        builder.ToTable("CaseCodeSequences");
        builder.HasKey(s => new { s.AgencyId, s.Day }).HasName("PK_CaseCodeSequences");
    }
}

internal sealed class CaseReceptionConfiguration : IEntityTypeConfiguration<CaseReception>
{
    public void Configure(EntityTypeBuilder<CaseReception> builder)
    {
        builder.ToTable("CaseReceptions");
        builder.HasKey(r => r.CaseId).HasName("PK_CaseReceptions");
        builder.Property(r => r.CaseId).ValueGeneratedNever();
        builder.Property(r => r.ApplicantName).HasMaxLength(200);
        builder.Property(r => r.ApplicantIdNumber).HasMaxLength(20);
        builder.Property(r => r.ApplicantPhone).HasMaxLength(20);
        builder.Property(r => r.ApplicantAddress).HasMaxLength(300);
        builder.Property(r => r.FormVersion).HasMaxLength(30);
        builder.HasIndex(r => r.AgencyId).HasDatabaseName("IX_CaseReceptions_AgencyId");
    }
}

internal sealed class CaseFileConfiguration : IEntityTypeConfiguration<CaseFile>
{
    public void Configure(EntityTypeBuilder<CaseFile> builder)
    {
        builder.ToTable("CaseFiles");
        builder.HasKey(f => f.Id).HasName("PK_CaseFiles");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.DocumentName).HasMaxLength(300);
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.HasIndex(f => f.CaseId).HasDatabaseName("IX_CaseFiles_CaseId");
        builder.HasIndex(f => f.TaskId).HasDatabaseName("IX_CaseFiles_TaskId");
    }
}
