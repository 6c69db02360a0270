using Iso.Data.Cases;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <summary>The step statistics' task triggers run at COMMIT (<see cref="CaseStatisticsSql.DeferStepTriggers"/>;
    /// ADR 0031). PostgreSQL only: SQLite has one writer at a time, so nothing waits on the aggregate row.</summary>
    public partial class DeferredStepStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            CaseStatisticsSql.DeferStepTriggers(migrationBuilder, deferred: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            CaseStatisticsSql.DeferStepTriggers(migrationBuilder, deferred: false);
        }
    }
}
