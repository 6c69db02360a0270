using System;
using Iso.Data.Cases;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <summary>Pre-aggregated statistics (ADR 0030): the tables, the triggers that keep them and their first fill
    /// (CaseStatisticsSql.Create). Re-add the calls when migrations are regenerated.</summary>
    public partial class CaseStatisticsDaily : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "WorkingMinutes",
                table: "WorkflowTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseStatisticsDaily",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedLate = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedLateWithApology = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseStatisticsDaily", x => new { x.AgencyId, x.Day, x.DefinitionKey });
                });

            migrationBuilder.CreateTable(
                name: "StepStatisticsDaily",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    DefinitionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NodeId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedLate = table.Column<int>(type: "INTEGER", nullable: false),
                    Timed = table.Column<int>(type: "INTEGER", nullable: false),
                    WorkingMinutes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StepStatisticsDaily", x => new { x.AgencyId, x.Day, x.DefinitionKey, x.NodeId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_WorkingMinutesMissing",
                table: "WorkflowTasks",
                column: "Id",
                filter: "\"Status\" = 1 AND \"WorkingMinutes\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCases_Running",
                table: "WorkflowCases",
                columns: new[] { "AgencyId", "ReceivedAt", "DefinitionKey", "DueAt" },
                filter: "\"Status\" = 0");

            CaseStatisticsSql.Create(migrationBuilder, DatabaseProvider.Sqlite);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            CaseStatisticsSql.Drop(migrationBuilder, DatabaseProvider.Sqlite);

            migrationBuilder.DropTable(
                name: "CaseStatisticsDaily");

            migrationBuilder.DropTable(
                name: "StepStatisticsDaily");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_WorkingMinutesMissing",
                table: "WorkflowTasks");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowCases_Running",
                table: "WorkflowCases");

            migrationBuilder.DropColumn(
                name: "WorkingMinutes",
                table: "WorkflowTasks");
        }
    }
}
