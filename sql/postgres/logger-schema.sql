-- icmsync sample Logger schema for PostgreSQL: the same fifteen tables as sql/mssql/logger-schema.sql,
-- with the Logger's mixed-case names kept by quoting and ICM's types mapped to their nearest
-- PostgreSQL equivalents (float -> double precision, datetime -> timestamp(3), tinyint -> smallint,
-- image/varbinary -> bytea, nvarchar -> varchar: PostgreSQL text is Unicode already).

CREATE TABLE "Version" (
  "Major" integer NOT NULL,
  "Minor" integer NOT NULL,
  "DateTime" timestamp(3) NOT NULL,
  "Description" varchar(255) NULL
);
-- As in the Schema Handbook: no primary key, a non-unique index on Major (IE-1).
CREATE INDEX "XIE1Version" ON "Version" ("Major");

CREATE TABLE "Customer_Definition" (
  "CustomerDefinitionID" integer NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKCustomer_Definition" PRIMARY KEY ("CustomerDefinitionID"),
  CONSTRAINT "XAK1Customer_Definition" UNIQUE ("EnterpriseName")
);

CREATE TABLE "Peripheral" (
  "PeripheralID" smallint NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "ClientType" smallint NOT NULL,
  "ConfigParam" varchar(255) NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKPeripheral" PRIMARY KEY ("PeripheralID"),
  CONSTRAINT "XAK1Peripheral" UNIQUE ("EnterpriseName")
);

CREATE TABLE "Media_Routing_Domain" (
  "MRDomainID" integer NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "MediaClassID" integer NOT NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKMedia_Routing_Domain" PRIMARY KEY ("MRDomainID"),
  CONSTRAINT "XAK1Media_Routing_Domain" UNIQUE ("EnterpriseName")
);

CREATE TABLE "Person" (
  "PersonID" integer NOT NULL,
  "FirstName" varchar(32) NOT NULL,
  "LastName" varchar(32) NOT NULL,
  "LoginName" varchar(255) NOT NULL,
  "Password" bytea NULL,
  "LoginEnabled" char(1) NOT NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKPerson" PRIMARY KEY ("PersonID"),
  CONSTRAINT "XAK2Person" UNIQUE ("LoginName")
);
CREATE INDEX "XIE1Person" ON "Person" ("FirstName", "LastName");

CREATE TABLE "Agent" (
  "SkillTargetID" integer NOT NULL,
  "PeripheralID" smallint NOT NULL,
  "PersonID" integer NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "PeripheralNumber" varchar(32) NOT NULL,
  "ConfigParam" varchar(255) NULL,
  "Description" varchar(255) NULL,
  "AgentStateTrace" char(1) NOT NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKAgent" PRIMARY KEY ("SkillTargetID"),
  CONSTRAINT "XAK2Agent" UNIQUE ("PeripheralID", "PeripheralNumber"),
  CONSTRAINT "XFK1Agent" FOREIGN KEY ("PeripheralID") REFERENCES "Peripheral" ("PeripheralID"),
  CONSTRAINT "XFK2Agent" FOREIGN KEY ("PersonID") REFERENCES "Person" ("PersonID")
);
CREATE INDEX "XIE1Agent" ON "Agent" ("EnterpriseName");

CREATE TABLE "Skill_Group" (
  "SkillTargetID" integer NOT NULL,
  "PeripheralID" smallint NOT NULL,
  "MRDomainID" integer NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "PeripheralNumber" integer NOT NULL,
  "Priority" smallint NOT NULL,
  "AvailableHoldoffDelay" smallint NOT NULL,
  "ServiceLevelThreshold" integer NULL,
  "ConfigParam" varchar(255) NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKSkill_Group" PRIMARY KEY ("SkillTargetID"),
  CONSTRAINT "XAK1Skill_Group" UNIQUE ("EnterpriseName"),
  CONSTRAINT "XAK2Skill_Group" UNIQUE ("PeripheralID", "PeripheralNumber", "Priority"),
  CONSTRAINT "XFK1Skill_Group" FOREIGN KEY ("PeripheralID") REFERENCES "Peripheral" ("PeripheralID"),
  CONSTRAINT "XFK2Skill_Group" FOREIGN KEY ("MRDomainID") REFERENCES "Media_Routing_Domain" ("MRDomainID")
);

CREATE TABLE "Skill_Group_Member" (
  "SkillGroupSkillTargetID" integer NOT NULL,
  "AgentSkillTargetID" integer NOT NULL,
  "ChangeStamp" integer NOT NULL,
  CONSTRAINT "XPKSkill_Group_Member" PRIMARY KEY ("SkillGroupSkillTargetID", "AgentSkillTargetID"),
  CONSTRAINT "XFK1Skill_Group_Member" FOREIGN KEY ("SkillGroupSkillTargetID") REFERENCES "Skill_Group" ("SkillTargetID"),
  CONSTRAINT "XFK2Skill_Group_Member" FOREIGN KEY ("AgentSkillTargetID") REFERENCES "Agent" ("SkillTargetID")
);

CREATE TABLE "Call_Type" (
  "CallTypeID" integer NOT NULL,
  "CustomerDefinitionID" integer NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "ServiceLevelThreshold" integer NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKCall_Type" PRIMARY KEY ("CallTypeID"),
  CONSTRAINT "XAK1Call_Type" UNIQUE ("EnterpriseName"),
  CONSTRAINT "XFK1Call_Type" FOREIGN KEY ("CustomerDefinitionID") REFERENCES "Customer_Definition" ("CustomerDefinitionID")
);

CREATE TABLE "Dialed_Number" (
  "DialedNumberID" integer NOT NULL,
  "RoutingClientID" smallint NOT NULL,
  "DialedNumberString" varchar(40) NOT NULL,
  "EnterpriseName" varchar(32) NOT NULL,
  "CallTypeID" integer NULL,
  "CustomerDefinitionID" integer NULL,
  "Description" varchar(255) NULL,
  "ChangeStamp" integer NOT NULL,
  "Deleted" char(1) NOT NULL,
  CONSTRAINT "XPKDialed_Number" PRIMARY KEY ("DialedNumberID"),
  CONSTRAINT "XAK1Dialed_Number" UNIQUE ("EnterpriseName"),
  CONSTRAINT "XAK2Dialed_Number" UNIQUE ("RoutingClientID", "DialedNumberString"),
  CONSTRAINT "XFK1Dialed_Number" FOREIGN KEY ("CallTypeID") REFERENCES "Call_Type" ("CallTypeID"),
  CONSTRAINT "XFK2Dialed_Number" FOREIGN KEY ("CustomerDefinitionID") REFERENCES "Customer_Definition" ("CustomerDefinitionID")
);

-- One row per configuration transaction; the highest RecoveryKey is the side's LastUpdateKey.
CREATE TABLE "Config_Message_Log" (
  "RecoveryKey" double precision NOT NULL,
  "LogOperation" varchar(32) NOT NULL,
  "TableName" varchar(32) NOT NULL,
  "DateTime" timestamp(3) NOT NULL,
  "ConfigMessage" bytea NULL,
  CONSTRAINT "XPKConfig_Message_Log" PRIMARY KEY ("RecoveryKey")
);

CREATE TABLE "Logger_Admin" (
  "RecoveryKey" double precision NOT NULL,
  "DateTime" timestamp(3) NOT NULL,
  "ScheduledAt" timestamp(3) NOT NULL,
  "StartTime" timestamp(3) NULL,
  "EndTime" timestamp(3) NULL,
  "FunctionName" varchar(32) NOT NULL,
  "TableName" varchar(32) NOT NULL,
  "FromRecoveryKey" double precision NULL,
  "ToRecoveryKey" double precision NULL,
  "Retain" integer NULL,
  "RowsPurged" integer NULL,
  CONSTRAINT "XPKLogger_Admin" PRIMARY KEY ("RecoveryKey")
);
CREATE INDEX "XIE1Logger_Admin" ON "Logger_Admin" ("TableName", "ScheduledAt", "FunctionName");
CREATE INDEX "XIE2Logger_Admin" ON "Logger_Admin" ("DateTime");

CREATE TABLE "Route_Call_Detail" (
  "RecoveryKey" double precision NOT NULL,
  "RouterCallKeyDay" integer NOT NULL,
  "RouterCallKey" integer NOT NULL,
  "DateTime" timestamp(3) NOT NULL,
  "DbDateTime" timestamp(3) NOT NULL,
  "RoutingClientID" smallint NOT NULL,
  "DialedNumberID" integer NULL,
  "DialedNumberString" varchar(40) NULL,
  "CallTypeID" integer NULL,
  "ANI" varchar(32) NULL,
  "CED" varchar(30) NULL,
  "RouterErrorCode" smallint NULL,
  "Variable1" varchar(40) NULL,
  CONSTRAINT "XPKRoute_Call_Detail" PRIMARY KEY ("RecoveryKey")
);
CREATE INDEX "XIE1Route_Call_Detail" ON "Route_Call_Detail" ("DateTime");
CREATE INDEX "XIE2Route_Call_Detail" ON "Route_Call_Detail" ("RouterCallKeyDay", "RouterCallKey");

CREATE TABLE "Termination_Call_Detail" (
  "RecoveryKey" double precision NOT NULL,
  "DateTime" timestamp(3) NOT NULL,
  "DbDateTime" timestamp(3) NOT NULL,
  "PeripheralID" smallint NOT NULL,
  "RouterCallKeyDay" integer NULL,
  "RouterCallKey" integer NULL,
  "RouterCallKeySequenceNumber" integer NULL,
  "AgentSkillTargetID" integer NULL,
  "SkillGroupSkillTargetID" integer NULL,
  "CallTypeID" integer NULL,
  "PeripheralCallType" smallint NOT NULL,
  "CallDisposition" smallint NOT NULL,
  "Duration" integer NULL,
  "TalkTime" integer NULL,
  "HoldTime" integer NULL,
  "ANI" varchar(32) NULL,
  CONSTRAINT "XPKTermination_Call_Detail" PRIMARY KEY ("RecoveryKey")
);
CREATE INDEX "XIE1Termination_Call_Detail" ON "Termination_Call_Detail" ("DateTime");

CREATE TABLE "Skill_Group_Interval" (
  "DateTime" timestamp(3) NOT NULL,
  "SkillTargetID" integer NOT NULL,
  "TimeZone" integer NOT NULL,
  "RecoveryKey" double precision NOT NULL,
  "DbDateTime" timestamp(3) NOT NULL,
  "CallsHandled" integer NULL,
  "HandleTime" integer NULL,
  "AvailTime" integer NULL,
  "LoggedOnTime" integer NULL,
  "ServiceLevel" double precision NULL,
  CONSTRAINT "XPKSkill_Group_Interval" PRIMARY KEY ("DateTime", "SkillTargetID", "TimeZone"),
  CONSTRAINT "XAK1Skill_Group_Interval" UNIQUE ("RecoveryKey")
);
