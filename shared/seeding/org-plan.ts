// The fixed vocabulary of a generated company: departments, their titles and team names, offices.
// Hand-picked rather than faker's job titles so that people look like they work together.

export interface DepartmentPlan {
  name: string;
  /** Share of the head count; normalised over the departments in use. */
  weight: number;
  head: string;
  lead: string;
  titles: string[];
  teams: string[];
}

export const DEPARTMENTS: DepartmentPlan[] = [
  { name: 'Engineering', weight: 35, head: 'VP of Engineering', lead: 'Engineering Manager',
    titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Site Reliability Engineer', 'QA Engineer'],
    teams: ['Platform', 'Payments', 'Mobile', 'Infrastructure', 'Data', 'Security', 'Growth', 'Frontend', 'API', 'Reliability'] },
  { name: 'Sales', weight: 15, head: 'VP of Sales', lead: 'Sales Manager',
    titles: ['Account Executive', 'Sales Development Representative', 'Solutions Engineer', 'Enterprise Account Executive'],
    teams: ['EMEA', 'North America', 'APAC', 'Enterprise', 'Mid-Market'] },
  { name: 'IT', weight: 4, head: 'Head of IT', lead: 'IT Manager',
    titles: ['IT Administrator', 'Systems Administrator', 'IT Support Specialist', 'Identity Engineer'],
    teams: ['Workplace', 'Identity'] },
  { name: 'Marketing', weight: 8, head: 'VP of Marketing', lead: 'Marketing Manager',
    titles: ['Content Marketer', 'Product Marketing Manager', 'Growth Marketer', 'Brand Designer'],
    teams: ['Brand', 'Demand Generation', 'Product Marketing'] },
  { name: 'Product', weight: 7, head: 'VP of Product', lead: 'Group Product Manager',
    titles: ['Product Manager', 'Senior Product Manager', 'Product Analyst'],
    teams: ['Core', 'Integrations', 'Insights'] },
  { name: 'Customer Support', weight: 10, head: 'Head of Customer Support', lead: 'Support Team Lead',
    titles: ['Support Engineer', 'Customer Success Manager', 'Technical Account Manager'],
    teams: ['Tier 1', 'Tier 2', 'Customer Success'] },
  { name: 'Finance', weight: 5, head: 'CFO', lead: 'Controller',
    titles: ['Financial Analyst', 'Accountant', 'Payroll Specialist'], teams: ['Accounting', 'FP&A'] },
  { name: 'People', weight: 5, head: 'Head of People', lead: 'People Partner',
    titles: ['Recruiter', 'People Operations Specialist', 'HR Business Partner'], teams: ['Talent', 'People Operations'] },
  { name: 'Design', weight: 5, head: 'Head of Design', lead: 'Design Manager',
    titles: ['Product Designer', 'Senior Product Designer', 'UX Researcher'], teams: ['Product Design', 'Research'] },
  { name: 'Legal', weight: 3, head: 'General Counsel', lead: 'Legal Manager',
    titles: ['Corporate Counsel', 'Paralegal', 'Privacy Counsel'], teams: ['Commercial', 'Privacy'] },
  { name: 'Operations', weight: 3, head: 'COO', lead: 'Operations Manager',
    titles: ['Operations Analyst', 'Office Manager', 'Procurement Specialist'], teams: ['Business Operations', 'Workplace Experience'] },
];

export const OFFICES: { location: string; timezone: string; weight: number }[] = [
  { location: 'San Francisco', timezone: 'America/Los_Angeles', weight: 30 },
  { location: 'New York', timezone: 'America/New_York', weight: 25 },
  { location: 'London', timezone: 'Europe/London', weight: 20 },
  { location: 'Berlin', timezone: 'Europe/Berlin', weight: 10 },
  { location: 'Toronto', timezone: 'America/Toronto', weight: 6 },
  { location: 'Singapore', timezone: 'Asia/Singapore', weight: 5 },
  { location: 'Sydney', timezone: 'Australia/Sydney', weight: 4 },
];

export const COMPANY_SUFFIXES = ['Robotics', 'Labs', 'Systems', 'Analytics', 'Logistics', 'Software', 'Health', 'Energy'];
