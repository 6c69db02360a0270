using Iso.Data.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class HistoryEntryConfiguration : IEntityTypeConfiguration<HistoryEntry>
{
    public void Configure(EntityTypeBuilder<HistoryEntry> builder)
    {
        // The table name is used by the append-only triggers (see Providers/*Provider.CreateHistoryTriggers).
        builder.ToTable("History");
        builder.HasKey(h => h.Id).HasName("PK_History");
        builder.Property(h => h.Id).ValueGeneratedOnAdd();
        builder.Property(h => h.UserName).HasMaxLength(256);
        builder.Property(h => h.EntityType).HasMaxLength(200);
        builder.Property(h => h.EntityId).HasMaxLength(200);
        builder.Property(h => h.Action).HasMaxLength(20);

        builder.HasIndex(h => new { h.EntityType, h.EntityId }).HasDatabaseName("IX_History_EntityType_EntityId");
        builder.HasIndex(h => new { h.AgencyId, h.At }).HasDatabaseName("IX_History_AgencyId_At");
        builder.HasIndex(h => h.At).HasDatabaseName("IX_History_At");
    }
}
