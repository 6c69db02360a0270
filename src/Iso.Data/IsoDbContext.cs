using Iso.Data.Calendar;
using Iso.Data.Cases;
using Iso.Data.Documents;
using Iso.Data.History;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Data.Procedures;
using Iso.Data.Providers;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Iso.Data;

/// <summary>The product's database. Provider-specific subclasses (<see cref="SqliteIsoDbContext"/>,
/// <see cref="PostgreSqlIsoDbContext"/>) exist only so that each provider has its own migrations.</summary>
public abstract class IsoDbContext(DbContextOptions options)
    : IdentityDbContext<IsoUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<AgencyKind> AgencyKinds => Set<AgencyKind>();

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<OrgUnit> Units => Set<OrgUnit>();

    public DbSet<AgencyName> AgencyNames => Set<AgencyName>();

    public DbSet<HistoryEntry> History => Set<HistoryEntry>();

    public DbSet<CalendarYear> CalendarYears => Set<CalendarYear>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<ProcedureEvent> ProcedureEvents => Set<ProcedureEvent>();

    public DbSet<AdministrativeProcedure> AdministrativeProcedures => Set<AdministrativeProcedure>();

    public DbSet<ProcedureLayout> ProcedureLayouts => Set<ProcedureLayout>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ConsumedRefreshToken> ConsumedRefreshTokens => Set<ConsumedRefreshToken>();

    public DbSet<CaseReception> CaseReceptions => Set<CaseReception>();

    public DbSet<CaseFile> CaseFiles => Set<CaseFile>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<DocumentVersion> DocumentVersions => Set<DocumentVersion>();

    public DbSet<DocumentAttachment> DocumentAttachments => Set<DocumentAttachment>();

    public DbSet<DocumentFile> DocumentFiles => Set<DocumentFile>();

    public DbSet<DocumentAcknowledgement> DocumentAcknowledgements => Set<DocumentAcknowledgement>();

    public DbSet<DocumentTask> DocumentTasks => Set<DocumentTask>();

    public DbSet<DocumentReviewReminder> DocumentReviewReminders => Set<DocumentReviewReminder>();

    public DbSet<DocumentLegalChange> DocumentLegalChanges => Set<DocumentLegalChange>();

    public DbSet<DocumentCopy> DocumentCopies => Set<DocumentCopy>();

    public DbSet<Records.RecordType> RecordTypes => Set<Records.RecordType>();

    public DbSet<Records.RecordArchive> RecordArchives => Set<Records.RecordArchive>();

    /// <summary>Who the history of this context's changes is attributed to; set by the context factory.</summary>
    public ICurrentActor Actor { get; internal set; } = SystemActor.Instance;

    /// <summary>Attributes this context's changes to <paramref name="actor"/> (a use case acting for its caller, whoever
    /// the scope's ambient actor is); returns the context for chaining.</summary>
    public IsoDbContext ActingAs(ICurrentActor actor)
    {
        Actor = actor ?? throw new ArgumentNullException(nameof(actor));
        return this;
    }

    /// <summary>The clock of history timestamps; set by the context factory from the registered <see cref="TimeProvider"/>.</summary>
    public TimeProvider Clock { get; internal set; } = TimeProvider.System;

    /// <summary>The provider this context talks to.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(IsoDbContext).Assembly);
    }
}

public sealed class SqliteIsoDbContext(DbContextOptions<SqliteIsoDbContext> options) : IsoDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteProvider.ConfigureConventions(configurationBuilder);
}

public sealed class PostgreSqlIsoDbContext(DbContextOptions<PostgreSqlIsoDbContext> options) : IsoDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        PostgreSqlProvider.ConfigureConventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        PostgreSqlProvider.OnModelCreating(builder);
    }
}
