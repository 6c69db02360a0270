using Iso.Data.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class DocumentFileConfiguration : IEntityTypeConfiguration<DocumentFile>
{
    public void Configure(EntityTypeBuilder<DocumentFile> builder)
    {
        builder.ToTable("DocumentFiles");
        builder.HasKey(f => f.Sha256).HasName("PK_DocumentFiles");
        builder.Property(f => f.Sha256).HasMaxLength(64).ValueGeneratedNever();
    }
}
