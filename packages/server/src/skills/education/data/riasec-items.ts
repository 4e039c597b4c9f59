// A short Holland (RIASEC) interest inventory for students: six activities per type, rated 1–5
// ("strongly dislike" … "strongly like"). Written for this product; not a licensed instrument.

export type RiasecType = 'R' | 'I' | 'A' | 'S' | 'E' | 'C';
export const RIASEC_ORDER: readonly RiasecType[] = ['R', 'I', 'A', 'S', 'E', 'C'];
export const RIASEC_NAMES: Record<RiasecType, string> = { R: 'Realistic', I: 'Investigative', A: 'Artistic', S: 'Social', E: 'Enterprising', C: 'Conventional' };

export const RIASEC_ITEMS: readonly { id: string; type: RiasecType; text: string }[] = [
  { id: 'R1', type: 'R', text: 'Repair a bicycle or a household gadget' },
  { id: 'R2', type: 'R', text: 'Build something with wood, metal or electronics' },
  { id: 'R3', type: 'R', text: 'Work outdoors on a farm, site or field trip' },
  { id: 'R4', type: 'R', text: 'Operate machines or tools' },
  { id: 'R5', type: 'R', text: 'Play a sport or train physically' },
  { id: 'R6', type: 'R', text: 'Assemble furniture from instructions' },
  { id: 'I1', type: 'I', text: 'Do a science experiment to test an idea' },
  { id: 'I2', type: 'I', text: 'Solve a difficult maths or logic puzzle' },
  { id: 'I3', type: 'I', text: 'Read about how the body or the universe works' },
  { id: 'I4', type: 'I', text: 'Analyse data to find a pattern' },
  { id: 'I5', type: 'I', text: 'Write a computer program to solve a problem' },
  { id: 'I6', type: 'I', text: 'Investigate why something went wrong' },
  { id: 'A1', type: 'A', text: 'Draw, paint or design posters' },
  { id: 'A2', type: 'A', text: 'Write stories, poems or scripts' },
  { id: 'A3', type: 'A', text: 'Act, dance or perform music' },
  { id: 'A4', type: 'A', text: 'Take and edit photos or videos' },
  { id: 'A5', type: 'A', text: 'Decorate a room or design clothes' },
  { id: 'A6', type: 'A', text: 'Come up with original ideas for an event' },
  { id: 'S1', type: 'S', text: 'Teach or tutor a younger student' },
  { id: 'S2', type: 'S', text: 'Help a friend with a personal problem' },
  { id: 'S3', type: 'S', text: 'Volunteer for a community or NGO' },
  { id: 'S4', type: 'S', text: 'Care for someone who is ill or elderly' },
  { id: 'S5', type: 'S', text: 'Work in a team to organise a class activity' },
  { id: 'S6', type: 'S', text: 'Listen to people and explain things patiently' },
  { id: 'E1', type: 'E', text: 'Lead a team or a club' },
  { id: 'E2', type: 'E', text: 'Sell something or run a small business' },
  { id: 'E3', type: 'E', text: 'Persuade others in a debate' },
  { id: 'E4', type: 'E', text: 'Start a new project and get people to join' },
  { id: 'E5', type: 'E', text: 'Negotiate a deal or a group decision' },
  { id: 'E6', type: 'E', text: 'Speak in public or host an event' },
  { id: 'C1', type: 'C', text: 'Keep neat records or accounts' },
  { id: 'C2', type: 'C', text: 'Organise files, notes or a timetable' },
  { id: 'C3', type: 'C', text: 'Check work carefully for errors' },
  { id: 'C4', type: 'C', text: 'Work with spreadsheets and numbers' },
  { id: 'C5', type: 'C', text: 'Follow clear procedures step by step' },
  { id: 'C6', type: 'C', text: 'Plan a budget for a trip or event' },
];
