using System;
using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentProcedureVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ProcedureDefinitionId",
                table: "DocumentVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentVersions_ProcedureDefinitionId",
                table: "DocumentVersions",
                column: "ProcedureDefinitionId");

            SqliteProvider.CreateDocumentProcedureTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SqliteProvider.DropDocumentProcedureTriggers(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "IX_DocumentVersions_ProcedureDefinitionId",
                table: "DocumentVersions");

            migrationBuilder.DropColumn(
                name: "ProcedureDefinitionId",
                table: "DocumentVersions");
        }
    }
}
