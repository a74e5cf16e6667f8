-- icmsync sample Logger schema for SQL Server (2016 or later).
--
-- Fifteen tables modelled on Cisco's Database Schema Handbook for ICM/UCCE: the same table and
-- column names, ICM's data types (DBINT int, DBSMALLINT smallint, DBFLT8 float, DBDATETIME
-- datetime, DBCHAR char(1), VNAME32 varchar(32), DESCRIPTION varchar(255), image), the XPK/XAK/XIE
-- index naming, and the three families a Logger holds: configuration tables (ChangeStamp,
-- Deleted), system tables (Version, Config_Message_Log, Logger_Admin) and historical tables keyed
-- by RecoveryKey. It is a faithful sample, not Cisco's full schema: a real Logger has hundreds of
-- tables and more columns in each. Batches are separated by GO lines.

CREATE TABLE dbo.Version (
  Major int NOT NULL,
  Minor int NOT NULL,
  DateTime datetime NOT NULL,
  Description varchar(255) NULL
);
-- As in the Schema Handbook: no primary key, a non-unique index on Major (IE-1).
CREATE NONCLUSTERED INDEX XIE1Version ON dbo.Version (Major);
GO

CREATE TABLE dbo.Customer_Definition (
  CustomerDefinitionID int NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKCustomer_Definition PRIMARY KEY CLUSTERED (CustomerDefinitionID),
  CONSTRAINT XAK1Customer_Definition UNIQUE (EnterpriseName)
);
GO

CREATE TABLE dbo.Peripheral (
  PeripheralID smallint NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  ClientType smallint NOT NULL,
  ConfigParam varchar(255) NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKPeripheral PRIMARY KEY CLUSTERED (PeripheralID),
  CONSTRAINT XAK1Peripheral UNIQUE (EnterpriseName)
);
GO

CREATE TABLE dbo.Media_Routing_Domain (
  MRDomainID int NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  MediaClassID int NOT NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKMedia_Routing_Domain PRIMARY KEY CLUSTERED (MRDomainID),
  CONSTRAINT XAK1Media_Routing_Domain UNIQUE (EnterpriseName)
);
GO

CREATE TABLE dbo.Person (
  PersonID int NOT NULL,
  FirstName nvarchar(32) NOT NULL,
  LastName nvarchar(32) NOT NULL,
  LoginName varchar(255) NOT NULL,
  Password varbinary(64) NULL,
  LoginEnabled char(1) NOT NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKPerson PRIMARY KEY CLUSTERED (PersonID),
  CONSTRAINT XAK2Person UNIQUE (LoginName)
);
CREATE INDEX XIE1Person ON dbo.Person (FirstName, LastName);
GO

CREATE TABLE dbo.Agent (
  SkillTargetID int NOT NULL,
  PeripheralID smallint NOT NULL,
  PersonID int NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  PeripheralNumber varchar(32) NOT NULL,
  ConfigParam varchar(255) NULL,
  Description varchar(255) NULL,
  AgentStateTrace char(1) NOT NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKAgent PRIMARY KEY CLUSTERED (SkillTargetID),
  CONSTRAINT XAK2Agent UNIQUE (PeripheralID, PeripheralNumber),
  CONSTRAINT XFK1Agent FOREIGN KEY (PeripheralID) REFERENCES dbo.Peripheral (PeripheralID),
  CONSTRAINT XFK2Agent FOREIGN KEY (PersonID) REFERENCES dbo.Person (PersonID)
);
CREATE INDEX XIE1Agent ON dbo.Agent (EnterpriseName);
GO

CREATE TABLE dbo.Skill_Group (
  SkillTargetID int NOT NULL,
  PeripheralID smallint NOT NULL,
  MRDomainID int NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  PeripheralNumber int NOT NULL,
  Priority tinyint NOT NULL,
  AvailableHoldoffDelay smallint NOT NULL,
  ServiceLevelThreshold int NULL,
  ConfigParam varchar(255) NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKSkill_Group PRIMARY KEY CLUSTERED (SkillTargetID),
  CONSTRAINT XAK1Skill_Group UNIQUE (EnterpriseName),
  CONSTRAINT XAK2Skill_Group UNIQUE (PeripheralID, PeripheralNumber, Priority),
  CONSTRAINT XFK1Skill_Group FOREIGN KEY (PeripheralID) REFERENCES dbo.Peripheral (PeripheralID),
  CONSTRAINT XFK2Skill_Group FOREIGN KEY (MRDomainID) REFERENCES dbo.Media_Routing_Domain (MRDomainID)
);
GO

CREATE TABLE dbo.Skill_Group_Member (
  SkillGroupSkillTargetID int NOT NULL,
  AgentSkillTargetID int NOT NULL,
  ChangeStamp int NOT NULL,
  CONSTRAINT XPKSkill_Group_Member PRIMARY KEY CLUSTERED (SkillGroupSkillTargetID, AgentSkillTargetID),
  CONSTRAINT XFK1Skill_Group_Member FOREIGN KEY (SkillGroupSkillTargetID) REFERENCES dbo.Skill_Group (SkillTargetID),
  CONSTRAINT XFK2Skill_Group_Member FOREIGN KEY (AgentSkillTargetID) REFERENCES dbo.Agent (SkillTargetID)
);
GO

CREATE TABLE dbo.Call_Type (
  CallTypeID int NOT NULL,
  CustomerDefinitionID int NULL,
  EnterpriseName varchar(32) NOT NULL,
  ServiceLevelThreshold int NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKCall_Type PRIMARY KEY CLUSTERED (CallTypeID),
  CONSTRAINT XAK1Call_Type UNIQUE (EnterpriseName),
  CONSTRAINT XFK1Call_Type FOREIGN KEY (CustomerDefinitionID) REFERENCES dbo.Customer_Definition (CustomerDefinitionID)
);
GO

CREATE TABLE dbo.Dialed_Number (
  DialedNumberID int NOT NULL,
  RoutingClientID smallint NOT NULL,
  DialedNumberString varchar(40) NOT NULL,
  EnterpriseName varchar(32) NOT NULL,
  CallTypeID int NULL,
  CustomerDefinitionID int NULL,
  Description varchar(255) NULL,
  ChangeStamp int NOT NULL,
  Deleted char(1) NOT NULL,
  CONSTRAINT XPKDialed_Number PRIMARY KEY CLUSTERED (DialedNumberID),
  CONSTRAINT XAK1Dialed_Number UNIQUE (EnterpriseName),
  CONSTRAINT XAK2Dialed_Number UNIQUE (RoutingClientID, DialedNumberString),
  CONSTRAINT XFK1Dialed_Number FOREIGN KEY (CallTypeID) REFERENCES dbo.Call_Type (CallTypeID),
  CONSTRAINT XFK2Dialed_Number FOREIGN KEY (CustomerDefinitionID) REFERENCES dbo.Customer_Definition (CustomerDefinitionID)
);
GO

-- One row per configuration transaction; the highest RecoveryKey is the side's LastUpdateKey.
CREATE TABLE dbo.Config_Message_Log (
  RecoveryKey float NOT NULL,
  LogOperation varchar(32) NOT NULL,
  TableName varchar(32) NOT NULL,
  DateTime datetime NOT NULL,
  ConfigMessage image NULL,
  CONSTRAINT XPKConfig_Message_Log PRIMARY KEY CLUSTERED (RecoveryKey)
);
GO

CREATE TABLE dbo.Logger_Admin (
  RecoveryKey float NOT NULL,
  DateTime datetime NOT NULL,
  ScheduledAt datetime NOT NULL,
  StartTime datetime NULL,
  EndTime datetime NULL,
  FunctionName varchar(32) NOT NULL,
  TableName varchar(32) NOT NULL,
  FromRecoveryKey float NULL,
  ToRecoveryKey float NULL,
  Retain int NULL,
  RowsPurged int NULL,
  CONSTRAINT XPKLogger_Admin PRIMARY KEY CLUSTERED (RecoveryKey)
);
CREATE INDEX XIE1Logger_Admin ON dbo.Logger_Admin (TableName, ScheduledAt, FunctionName);
CREATE INDEX XIE2Logger_Admin ON dbo.Logger_Admin (DateTime);
GO

CREATE TABLE dbo.Route_Call_Detail (
  RecoveryKey float NOT NULL,
  RouterCallKeyDay int NOT NULL,
  RouterCallKey int NOT NULL,
  DateTime datetime NOT NULL,
  DbDateTime datetime NOT NULL,
  RoutingClientID smallint NOT NULL,
  DialedNumberID int NULL,
  DialedNumberString varchar(40) NULL,
  CallTypeID int NULL,
  ANI varchar(32) NULL,
  CED varchar(30) NULL,
  RouterErrorCode smallint NULL,
  Variable1 varchar(40) NULL,
  CONSTRAINT XPKRoute_Call_Detail PRIMARY KEY CLUSTERED (RecoveryKey)
);
CREATE INDEX XIE1Route_Call_Detail ON dbo.Route_Call_Detail (DateTime);
CREATE INDEX XIE2Route_Call_Detail ON dbo.Route_Call_Detail (RouterCallKeyDay, RouterCallKey);
GO

CREATE TABLE dbo.Termination_Call_Detail (
  RecoveryKey float NOT NULL,
  DateTime datetime NOT NULL,
  DbDateTime datetime NOT NULL,
  PeripheralID smallint NOT NULL,
  RouterCallKeyDay int NULL,
  RouterCallKey int NULL,
  RouterCallKeySequenceNumber int NULL,
  AgentSkillTargetID int NULL,
  SkillGroupSkillTargetID int NULL,
  CallTypeID int NULL,
  PeripheralCallType smallint NOT NULL,
  CallDisposition smallint NOT NULL,
  Duration int NULL,
  TalkTime int NULL,
  HoldTime int NULL,
  ANI varchar(32) NULL,
  CONSTRAINT XPKTermination_Call_Detail PRIMARY KEY CLUSTERED (RecoveryKey)
);
CREATE INDEX XIE1Termination_Call_Detail ON dbo.Termination_Call_Detail (DateTime);
GO

CREATE TABLE dbo.Skill_Group_Interval (
  DateTime datetime NOT NULL,
  SkillTargetID int NOT NULL,
  TimeZone int NOT NULL,
  RecoveryKey float NOT NULL,
  DbDateTime datetime NOT NULL,
  CallsHandled int NULL,
  HandleTime int NULL,
  AvailTime int NULL,
  LoggedOnTime int NULL,
  ServiceLevel float NULL,
  CONSTRAINT XPKSkill_Group_Interval PRIMARY KEY CLUSTERED (DateTime, SkillTargetID, TimeZone),
  CONSTRAINT XAK1Skill_Group_Interval UNIQUE (RecoveryKey)
);
GO
