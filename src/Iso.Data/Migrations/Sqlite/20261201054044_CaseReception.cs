using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseReception : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "WorkflowCases",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ElectronicCode",
                table: "Agencies",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseCodeSequences",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    LastNumber = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseCodeSequences", x => new { x.AgencyId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "CaseFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    StoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredById = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseReceptions",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApplicantIdNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ApplicantPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ApplicantAddress = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DocumentsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FormVersion = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReceivedById = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReceptions", x => x.CaseId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCases_Code",
                table: "WorkflowCases",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_ElectronicCode",
                table: "Agencies",
                column: "ElectronicCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseFiles_CaseId",
                table: "CaseFiles",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseReceptions_AgencyId",
                table: "CaseReceptions",
                column: "AgencyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseCodeSequences");

            migrationBuilder.DropTable(
                name: "CaseFiles");

            migrationBuilder.DropTable(
                name: "CaseReceptions");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowCases_Code",
                table: "WorkflowCases");

            migrationBuilder.DropIndex(
                name: "IX_Agencies_ElectronicCode",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "WorkflowCases");

            migrationBuilder.DropColumn(
                name: "ElectronicCode",
                table: "Agencies");
        }
    }
}
