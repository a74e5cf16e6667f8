import { genericProfile } from './generic-profile.js';
import { icmProfile } from './icm-profile.js';
import type { Profile, ProfileName } from './profile.js';

const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  icm: icmProfile,
  generic: genericProfile,
};

/** The profile called `name`. */
export function profileNamed(name: ProfileName): Profile {
  return PROFILES[name];
}
