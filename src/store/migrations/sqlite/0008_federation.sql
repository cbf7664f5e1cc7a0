-- Federation (issue 6): records that another Shenguan instance hosts and this one mirrors, as
-- followed through that instance's change feed (federation/follower.h). NULL: hosted here.
-- Records are matched between instances by uid, never by local id.
ALTER TABLE agencies ADD COLUMN origin TEXT;  -- the base URL of the instance that hosts the agency
ALTER TABLE cases ADD COLUMN origin TEXT;     -- the base URL of the instance whose case this mirrors
