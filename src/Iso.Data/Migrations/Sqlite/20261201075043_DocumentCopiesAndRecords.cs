using Iso.Data.Providers;
﻿using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentCopiesAndRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProcedureKey",
                table: "Documents",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentCopies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    HolderUnitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HolderUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecalledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RecalledById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecallReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentCopies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentCopies_DocumentVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DocumentVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentCopies_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecordTypes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ProcedureKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RetentionYears = table.Column<int>(type: "INTEGER", nullable: false),
                    Permanent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Responsible = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecordTypes_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RecordArchives",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordTypeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ArchivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionCaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordArchives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecordArchives_RecordTypes_RecordTypeId",
                        column: x => x.RecordTypeId,
                        principalTable: "RecordTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentCopies_DocumentId_Number",
                table: "DocumentCopies",
                columns: new[] { "DocumentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentCopies_VersionId",
                table: "DocumentCopies",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_RecordArchives_DecisionCaseId",
                table: "RecordArchives",
                column: "DecisionCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RecordArchives_RecordTypeId_CaseId",
                table: "RecordArchives",
                columns: new[] { "RecordTypeId", "CaseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecordTypes_AgencyId_Name",
                table: "RecordTypes",
                columns: new[] { "AgencyId", "Name" },
                unique: true);

            SqliteProvider.CreateRecordArchiveTrigger(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SqliteProvider.DropRecordArchiveTrigger(migrationBuilder);

            migrationBuilder.DropTable(
                name: "DocumentCopies");

            migrationBuilder.DropTable(
                name: "RecordArchives");

            migrationBuilder.DropTable(
                name: "RecordTypes");

            migrationBuilder.DropColumn(
                name: "ProcedureKey",
                table: "Documents");
        }
    }
}
